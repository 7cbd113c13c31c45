package org.lessonwatch.web.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Mints bearer tokens as an LMS would, with a key pair made for this test run. */
public final class TestTokens {

  public static final String ISSUER = "https://lms.test";

  private static final RSAKey KEY = generate();
  private static final RSAKey OTHER_KEY = generate();

  private TestTokens() {}

  /** The public key as {@code mp.jwt.verify.publickey} takes it: base64 DER. */
  public static String publicKey() {
    try {
      return Base64.getEncoder().encodeToString(KEY.toRSAPublicKey().getEncoded());
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String learner(String subject) {
    return token(subject, List.of("learner"));
  }

  public static String admin() {
    return token("admin-" + UUID.randomUUID(), List.of("admin"));
  }

  public static String token(String subject, List<String> groups) {
    return sign(KEY, ISSUER, subject, groups, Instant.now().plus(Duration.ofHours(1)));
  }

  public static String expired(String subject) {
    return sign(KEY, ISSUER, subject, List.of("learner"), Instant.now().minusSeconds(120));
  }

  public static String wrongIssuer(String subject) {
    return sign(KEY, "https://elsewhere.test", subject, List.of("learner"), inAnHour());
  }

  /** Signed with a key the server does not trust. */
  public static String forged(String subject) {
    return sign(OTHER_KEY, ISSUER, subject, List.of("learner"), inAnHour());
  }

  private static Instant inAnHour() {
    return Instant.now().plus(Duration.ofHours(1));
  }

  private static String sign(
      RSAKey key, String issuer, String subject, List<String> groups, Instant expires) {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(subject)
            .claim("upn", subject)
            .claim("groups", groups)
            .jwtID(UUID.randomUUID().toString())
            .issueTime(Date.from(Instant.now().minusSeconds(300)))
            .expirationTime(Date.from(expires))
            .build();
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .type(com.nimbusds.jose.JOSEObjectType.JWT)
                  .build(),
              claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RSAKey generate() {
    try {
      return new RSAKeyGenerator(2048).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
