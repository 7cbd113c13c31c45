package org.lessonwatch.web.rest.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lessonwatch.web.testing.TestTokens;

/** What a token must carry, and how the verification settings change that. */
class BearerTokensTest {

  static final String ISSUER = "https://lms.example.test";
  static final RSAKey RSA = generate();

  @Test
  void acceptsATokenSignedByTheKeyGivenAsBase64Der() throws Exception {
    BearerTokens tokens = tokens(base64Der(), null);

    BearerTokens.Verified caller = tokens.verify(sign(RSA, claims("learner-1", 60)));

    assertEquals("learner-1", caller.subject());
    assertEquals(Set.of("learner", "instructor"), caller.groups());
  }

  @Test
  void aTokenNamingAKeyIdVerifiesWithTheOneConfiguredKeyThatHasNone() throws Exception {
    BearerTokens tokens = tokens(base64Der(), null);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("lms-key-7").build(),
            claims("learner-8", 60));
    jwt.sign(new RSASSASigner(RSA));

    assertEquals("learner-8", tokens.verify(jwt.serialize()).subject());
  }

  @Test
  void verifiesEs256WhenConfigured() throws Exception {
    ECKey ec = new ECKeyGenerator(Curve.P_256).generate();
    BearerTokens tokens = es256Tokens(ec);
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).build(), claims("learner-3", 60));
    jwt.sign(new ECDSASigner(ec));

    assertEquals("learner-3", tokens.verify(jwt.serialize()).subject());
  }

  @Test
  void refusesExpiredForgedForeignAndIncompleteTokens() throws Exception {
    BearerTokens tokens = tokens(base64Der(), null);
    RSAKey other = generate();

    for (String token :
        List.of(
            sign(RSA, claims("learner", -120)),
            sign(other, claims("learner", 60)),
            sign(RSA, new JWTClaimsSet.Builder(claims("learner", 60)).issuer("elsewhere").build()),
            sign(RSA, new JWTClaimsSet.Builder(claims("learner", 60)).subject(null).build()),
            sign(RSA, new JWTClaimsSet.Builder(claims("x".repeat(256), 60)).build()),
            "not-a-token",
            "")) {
      assertThrows(BearerTokens.InvalidToken.class, () -> tokens.verify(token), token);
    }
  }

  @Test
  void aTokenVerifiedBeforeIsRefusedOnceItExpires() throws Exception {
    BearerTokens tokens = tokens(base64Der(), null);
    tokens.clockSkew = "0";
    tokens.configure();
    String token = sign(RSA, claims("learner-4", 3));

    assertEquals("learner-4", tokens.verify(token).subject());
    assertEquals("learner-4", tokens.verify(token).subject());
    Thread.sleep(4100);

    assertThrows(BearerTokens.InvalidToken.class, () -> tokens.verify(token));
  }

  @Test
  void warmUpTokensPassOnlyWhileTheWarmUpRunsAndAreMarkedAsRehearsals() throws Exception {
    BearerTokens tokens = tokens(base64Der(), null);
    String real = sign(RSA, claims("learner-5", 60));

    RehearsalTokens warmUp = tokens.startRehearsals();
    String rehearsal = warmUp.mint("lessonwatch-warm-up-1", List.of(), Duration.ofMinutes(5));
    BearerTokens.Verified caller = tokens.verify(rehearsal);
    assertEquals("lessonwatch-warm-up-1", caller.subject());
    assertTrue(caller.rehearsal());
    assertTrue(tokens.verify(rehearsal).rehearsal(), "the cached verification too");
    assertFalse(tokens.verify(real).rehearsal(), "a real token is verified as always meanwhile");
    String elsewhere =
        tokens.startRehearsals().mint("lessonwatch-warm-up-2", List.of(), Duration.ofMinutes(5));
    assertThrows(
        BearerTokens.InvalidToken.class,
        () -> tokens.verify(rehearsal),
        "a new warm-up key ends the last one's tokens, cached or not");
    assertTrue(tokens.verify(elsewhere).rehearsal());

    tokens.endRehearsals();
    assertThrows(BearerTokens.InvalidToken.class, () -> tokens.verify(elsewhere), "ended: refused");
    assertFalse(tokens.verify(real).rehearsal(), "real tokens stay cached and valid");
  }

  @Test
  void warmUpTokensAreSignedWithTheConfiguredAlgorithmsFamily() throws Exception {
    ECKey ec = new ECKeyGenerator(Curve.P_256).generate();
    BearerTokens tokens = es256Tokens(ec);

    String rehearsal = tokens.startRehearsals().mint("w", List.of("admin"), Duration.ofMinutes(1));

    assertEquals(JWSAlgorithm.ES256, SignedJWT.parse(rehearsal).getHeader().getAlgorithm());
    assertEquals(Set.of("admin"), tokens.verify(rehearsal).groups());
  }

  @Test
  void withoutAKeyEveryTokenIsRefused() {
    BearerTokens tokens = tokens(null, null);

    assertFalse(tokens.configured());
    assertThrows(
        BearerTokens.InvalidToken.class, () -> tokens.verify(sign(RSA, claims("learner", 60))));
  }

  @Test
  void checksTheAudienceWhenConfigured() throws Exception {
    BearerTokens tokens = tokens(base64Der(), null);
    tokens.audiences = Optional.of("lessonwatch, analytics");
    tokens.configure();

    assertEquals(
        "a",
        tokens
            .verify(
                sign(RSA, new JWTClaimsSet.Builder(claims("a", 60)).audience("analytics").build()))
            .subject());
    assertThrows(
        BearerTokens.InvalidToken.class, () -> tokens.verify(sign(RSA, claims("learner", 60))));
  }

  @Test
  void aTokenVerifiesOnlyInItsOneCanonicalSpelling() throws Exception {
    BearerTokens tokens = tokens(base64Der(), null);
    String token = sign(RSA, claims("learner-5", 60));

    for (var spelling : TestTokens.otherSpellings(token).entrySet()) {
      assertThrows(
          BearerTokens.InvalidToken.class,
          () -> tokens.verify(spelling.getValue()),
          spelling::getKey);
    }
    assertEquals("learner-5", tokens.verify(token).subject());
    assertEquals(Set.of(token), tokens.recentlyVerified.asMap().keySet(), "one cache entry");
  }

  @Test
  void refusesTokensOverTheLengthLimitAndTakesTheLimitFromConfiguration() throws Exception {
    String longToken = sign(RSA, claims("learner-6", 60, 350));
    assertTrue(
        longToken.length() > 4096 && longToken.length() < 8192, "length " + longToken.length());
    BearerTokens tokens = tokens(base64Der(), null);

    var refused = assertThrows(BearerTokens.InvalidToken.class, () -> tokens.verify(longToken));
    assertEquals("the token is longer than 4096 characters", refused.getMessage());
    assertEquals(
        "the token is longer than 4096 characters",
        assertThrows(BearerTokens.InvalidToken.class, () -> tokens.verify("x".repeat(4097)))
            .getMessage(),
        "refused before parsing");

    tokens.maxLength = "8192";
    tokens.configure();
    assertEquals("learner-6", tokens.verify(longToken).subject());
  }

  @Test
  void theVerifiedTokensTakeAtMostTheConfiguredMemory() throws Exception {
    BearerTokens tokens = tokens(base64Der(), null);
    tokens.cacheSize = "1";
    tokens.configure();

    int lengths = 0;
    for (int i = 0; i < 500; i++) {
      String token = sign(RSA, claims("learner-" + i, 60, 200));
      lengths += token.length();
      tokens.verify(token);
    }
    tokens.recentlyVerified.cleanUp();

    long cached = tokens.recentlyVerified.asMap().keySet().stream().mapToLong(String::length).sum();
    assertTrue(lengths > 1024 * 1024, "the tokens take " + lengths + " characters together");
    assertTrue(cached <= 1024 * 1024, cached + " characters of tokens in a 1 MiB cache");
    assertTrue(cached > 1024 * 1024 / 4, "the cache is used: " + cached);
  }

  @Test
  void refusesSubjectsAndGroupsThatCannotBeStoredOrShownAsThemselves() {
    BearerTokens tokens = tokens(TestTokens.publicKey(), null);
    tokens.issuer = TestTokens.ISSUER;
    tokens.configure();
    String learner = "[\"learner\"]";

    for (String subject :
        List.of(
            "a\\u0000b",
            "a\\ud800b",
            "a\\udc00",
            "\\ud83d",
            "a\\nb",
            "\\u001b[31m",
            "a\\u007f",
            "\\u0085")) {
      assertThrows(
          BearerTokens.InvalidToken.class,
          () -> tokens.verify(TestTokens.withRawClaims("\"" + subject + "\"", learner)),
          subject);
    }
    for (String groups : List.of("[\"learner\", null]", "[\"learner\\u0000\"]", "[\"\\udfff\"]")) {
      assertThrows(
          BearerTokens.InvalidToken.class,
          () -> tokens.verify(TestTokens.withRawClaims("\"learner-7\"", groups)),
          groups);
    }
  }

  @Test
  void acceptsSubjectsInAnyScriptAndOutsideTheBasicPlane() throws Exception {
    BearerTokens tokens = tokens(TestTokens.publicKey(), null);
    tokens.issuer = TestTokens.ISSUER;
    tokens.configure();

    for (String subject : List.of("Zoë Ωmega", "学生-7", "\ud83d\ude00 learner", "a\u00a0b")) {
      assertEquals(
          subject, tokens.verify(TestTokens.token(subject, List.of("learner"))).subject(), subject);
    }
  }

  @Test
  void badLimitsAreConfigurationErrorsNamingTheKey() {
    BearerTokens tokens = tokens(base64Der(), null);
    tokens.maxLength = "0";
    tokens.configure();
    assertEquals(
        "engagement.token.max-length must be a whole number of characters (at least 1), was '0'",
        assertThrows(IllegalStateException.class, tokens::checkConfiguration).getMessage());

    tokens.maxLength = "4096";
    tokens.cacheSize = "lots";
    tokens.configure();
    assertEquals(
        "engagement.token.cache-size-mib must be a whole number of MiB (at least 1), was 'lots'",
        assertThrows(IllegalStateException.class, tokens::checkConfiguration).getMessage());

    tokens.cacheSize = "64";
    tokens.jwksRefresh = "PT0.5S";
    tokens.configure();
    assertEquals(
        "engagement.token.jwks.refresh-interval must be an ISO-8601 duration of at least PT1S,"
            + " such as PT5M, was 'PT0.5S'",
        assertThrows(IllegalStateException.class, tokens::checkConfiguration).getMessage());

    tokens.jwksRefresh = "PT5M";
    tokens.jwksOutageTolerance = "a day";
    tokens.configure();
    assertEquals(
        "engagement.token.jwks.outage-tolerance must be an ISO-8601 duration of at least PT0S,"
            + " such as PT24H, was 'a day'",
        assertThrows(IllegalStateException.class, tokens::checkConfiguration).getMessage());
  }

  /** Tokens verified with this EC key, as ES256. */
  private static BearerTokens es256Tokens(ECKey ec) throws Exception {
    BearerTokens tokens =
        tokens(Base64.getEncoder().encodeToString(ec.toECPublicKey().getEncoded()), null);
    tokens.algorithm = "ES256";
    tokens.configure();
    return tokens;
  }

  private static BearerTokens tokens(String key, String location) {
    BearerTokens tokens = new BearerTokens();
    tokens.issuer = ISSUER;
    tokens.publicKey = Optional.ofNullable(key);
    tokens.publicKeyLocation = Optional.ofNullable(location);
    tokens.algorithm = "RS256";
    tokens.audiences = Optional.empty();
    tokens.clockSkew = "60";
    tokens.maxLength = "4096";
    tokens.cacheSize = "64";
    tokens.jwksRefresh = "PT5M";
    tokens.jwksOutageTolerance = "PT24H";
    tokens.configure();
    return tokens;
  }

  private static JWTClaimsSet claims(String subject, int expiresInSeconds) {
    return claims(subject, expiresInSeconds, 0);
  }

  /** With this many more groups ("course-0" ...) to make the token longer. */
  private static JWTClaimsSet claims(String subject, int expiresInSeconds, int moreGroups) {
    List<String> groups = new ArrayList<>(List.of("learner", "instructor"));
    for (int i = 0; i < moreGroups; i++) {
      groups.add("course-" + i);
    }
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .subject(subject)
        .claim("groups", groups)
        .issueTime(new Date())
        .expirationTime(Date.from(Instant.now().plusSeconds(expiresInSeconds)))
        .build();
  }

  private static String sign(RSAKey key, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String base64Der() {
    try {
      return Base64.getEncoder().encodeToString(RSA.toRSAPublicKey().getEncoded());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static RSAKey generate() {
    try {
      return new RSAKeyGenerator(2048).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
