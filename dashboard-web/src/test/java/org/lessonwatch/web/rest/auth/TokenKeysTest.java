package org.lessonwatch.web.rest.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lessonwatch.web.testing.JwksServer;
import org.lessonwatch.web.testing.TestTokens;

/** The key formats and locations MP-JWT allows, and which key verifies which token. */
class TokenKeysTest {

  static final RSAKey RSA = generate();
  static final JWSAlgorithm RS256 = JWSAlgorithm.RS256;
  static final TokenKeys.JwksTiming TIMING =
      new TokenKeys.JwksTiming(Duration.ofMinutes(5), Duration.ofHours(24));

  /** Keys fetched again after a second, kept for an hour through an outage. */
  static final TokenKeys.JwksTiming FAST =
      new TokenKeys.JwksTiming(Duration.ofSeconds(1), Duration.ofHours(1));

  @Test
  void readsPemBase64DerJwkAndJwkSetKeysAndKeyFiles(@TempDir Path dir) throws Exception {
    String der = Base64.getEncoder().encodeToString(RSA.toRSAPublicKey().getEncoded());
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(RSA.toRSAPublicKey().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    for (String key :
        List.of(
            der,
            pem,
            RSA.toPublicJWK().toJSONString(),
            "{\"keys\": [" + RSA.toPublicJWK() + "]}")) {
      assertEquals(
          RSA.toRSAPublicKey(),
          onlyKey(TokenKeys.configured(Optional.of(key), none(), RS256, TIMING)),
          key);
    }
    Path file = dir.resolve("lms.pem");
    Files.writeString(file, pem);
    for (String location : List.of(file.toString(), file.toUri().toString())) {
      assertEquals(
          RSA.toRSAPublicKey(),
          onlyKey(TokenKeys.configured(none(), Optional.of(location), RS256, TIMING)),
          location);
    }
  }

  @Test
  void withNeitherKeyNorLocationThereAreNoKeys() throws Exception {
    assertNull(TokenKeys.configured(none(), none(), RS256, TIMING));
    assertNull(TokenKeys.configured(Optional.of(" "), Optional.of(""), RS256, TIMING));
  }

  @Test
  void oneConfiguredKeyVerifiesTokensWhateverKeyIdTheyName() throws Exception {
    String der = Base64.getEncoder().encodeToString(RSA.toRSAPublicKey().getEncoded());
    RSAKey named = new RSAKey.Builder(RSA.toRSAPublicKey()).keyID("lms-2024").build();
    for (String key :
        List.of(der, named.toJSONString(), "{\"keys\": [" + named.toJSONString() + "]}")) {
      JWSKeySelector<SecurityContext> keys =
          TokenKeys.configured(Optional.of(key), none(), RS256, TIMING);
      for (String kid : Arrays.asList(null, "lms-2024", "lms-2025")) {
        assertEquals(
            List.of(RSA.toRSAPublicKey()), keys.selectJWSKeys(header(kid), null), key + " " + kid);
      }
    }
  }

  @Test
  void ofSeveralConfiguredKeysTheTokensKeyIdPicksOne() throws Exception {
    RSAKey other = generate();
    String set =
        new JWKSet(
                List.of(
                    new RSAKey.Builder(RSA.toRSAPublicKey()).keyID("a").build(),
                    new RSAKey.Builder(other.toRSAPublicKey()).keyID("b").build()))
            .toString();
    JWSKeySelector<SecurityContext> keys =
        TokenKeys.configured(Optional.of(set), none(), RS256, TIMING);

    assertEquals(List.of(RSA.toRSAPublicKey()), keys.selectJWSKeys(header("a"), null));
    assertEquals(List.of(other.toRSAPublicKey()), keys.selectJWSKeys(header("b"), null));
    assertEquals(List.of(), keys.selectJWSKeys(header("c"), null));
    assertEquals(2, keys.selectJWSKeys(header(null), null).size(), "without kid: each may fit");
  }

  @Test
  void aKeyThatCannotVerifyTheAlgorithmOneForEncryptionOrAnEmptySetIsAConfigurationError()
      throws Exception {
    String ec = new ECKeyGenerator(Curve.P_256).generate().toPublicJWK().toJSONString();
    String forEncryption =
        new RSAKey.Builder(RSA.toRSAPublicKey()).keyUse(KeyUse.ENCRYPTION).build().toJSONString();

    assertThrows(
        JOSEException.class, () -> TokenKeys.configured(Optional.of(ec), none(), RS256, TIMING));
    assertThrows(
        JOSEException.class,
        () -> TokenKeys.configured(Optional.of("{\"keys\": []}"), none(), RS256, TIMING));
    assertThrows(
        JOSEException.class,
        () -> TokenKeys.configured(Optional.of(forEncryption), none(), RS256, TIMING));
  }

  @Test
  void keepsAJwksUrlsLastKeysWhileItCannotBeFetchedAndLogsTheOutageOnce() throws Exception {
    JwksServer jwks = JwksServer.serving(TestTokens.publicKey("lms-1"));
    List<LogRecord> logged = new CopyOnWriteArrayList<>();
    Handler handler = capture(logged);
    try {
      JWSKeySelector<SecurityContext> keys =
          TokenKeys.configured(none(), Optional.of(jwks.url()), RS256, FAST);
      List<? extends Key> lms1 = keys.selectJWSKeys(header("lms-1"), null);
      assertEquals(1, lms1.size());

      jwks.fail();
      Thread.sleep(1100);
      assertEquals(lms1, keys.selectJWSKeys(header("lms-1"), null), "while it answers 500");
      assertTrue(jwks.failedRequests() > 0, "the keys were due, and fetching them failed");
      assertEquals(List.of(), keysFor(keys, "lms-2"), "a key id the last keys lack");
      jwks.stop();
      Thread.sleep(1100);
      assertEquals(lms1, keys.selectJWSKeys(header("lms-1"), null), "while it is not there");
      assertEquals(1, count(logged, Level.WARNING, "cannot be fetched"), logged::toString);

      jwks.serve(TestTokens.publicKey("lms-1"), TestTokens.otherPublicKey("lms-2"));
      jwks.start();
      Thread.sleep(1100);
      assertEquals(1, keys.selectJWSKeys(header("lms-2"), null).size(), "the LMS's new key");
      assertEquals(1, count(logged, Level.INFO, "could be fetched again"), logged::toString);
      assertEquals(1, count(logged, Level.WARNING, "cannot be fetched"), "still once");
    } finally {
      Logger.getLogger(TokenKeys.class.getName()).removeHandler(handler);
      jwks.stop();
    }
  }

  /**
   * New tokens (each needing the keys) arrive all the time while the JWKS URL is down, over several
   * refresh intervals: every one finds the last good keys. (With Nimbus's refresh ahead of expiry,
   * its failing attempts used up the rate limit, and lookups at expiry then failed.)
   */
  @Test
  void newTokensFindTheLastKeysThroughAnOutageOfSeveralRefreshIntervals() throws Exception {
    JwksServer jwks = JwksServer.serving(TestTokens.publicKey("lms-1"));
    try {
      JWSKeySelector<SecurityContext> keys =
          TokenKeys.configured(none(), Optional.of(jwks.url()), RS256, FAST);
      keys.selectJWSKeys(header("lms-1"), null);
      jwks.fail();

      long end = System.nanoTime() + Duration.ofSeconds(4).toNanos();
      for (int lookup = 0; System.nanoTime() < end; lookup++) {
        assertEquals(1, keys.selectJWSKeys(header("lms-1"), null).size(), "lookup " + lookup);
        Thread.sleep(2);
      }
      assertTrue(jwks.failedRequests() >= 3, jwks.failedRequests() + " failed refreshes");
    } finally {
      jwks.stop();
    }
  }

  /** The keys that may verify a token naming this kid; none if they cannot be had right now. */
  private static List<? extends Key> keysFor(JWSKeySelector<SecurityContext> keys, String kid) {
    try {
      return keys.selectJWSKeys(header(kid), null);
    } catch (KeySourceException e) {
      return List.of();
    }
  }

  private static Handler capture(List<LogRecord> logged) {
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger.getLogger(TokenKeys.class.getName()).addHandler(handler);
    return handler;
  }

  private static long count(List<LogRecord> logged, Level level, String text) {
    return logged.stream()
        .filter(record -> record.getLevel().equals(level))
        .filter(record -> record.getMessage().contains(text))
        .count();
  }

  private static JWSHeader header(String kid) {
    return new JWSHeader.Builder(RS256).keyID(kid).build();
  }

  private static Optional<String> none() {
    return Optional.empty();
  }

  private static Key onlyKey(JWSKeySelector<SecurityContext> keys) throws Exception {
    var found = keys.selectJWSKeys(header(null), null);
    assertEquals(1, found.size(), found::toString);
    return found.get(0);
  }

  private static RSAKey generate() {
    try {
      return new RSAKeyGenerator(2048).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
