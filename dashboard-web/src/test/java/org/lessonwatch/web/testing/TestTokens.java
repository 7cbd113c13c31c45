package org.lessonwatch.web.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /** A learner token whose header names this key id ({@code kid}). */
  public static String learnerWithKeyId(String subject, String kid) {
    return sign(KEY, kid, subject);
  }

  /**
   * A learner token signed with the other key, the one {@link #otherPublicKey} gives, naming this
   * key id.
   */
  public static String otherKeyWithKeyId(String subject, String kid) {
    return sign(OTHER_KEY, kid, subject);
  }

  /** This run's public key as a JWK with this key id, as an LMS's JWKS lists it. */
  public static JWK publicKey(String kid) {
    return new RSAKey.Builder(KEY.toPublicJWK()).keyID(kid).build();
  }

  /** The other key's public part as a JWK with this key id. */
  public static JWK otherPublicKey(String kid) {
    return new RSAKey.Builder(OTHER_KEY.toPublicJWK()).keyID(kid).build();
  }

  /**
   * A token signed with the trusted key whose {@code sub} and {@code groups} are these JSON texts
   * exactly as written: a JSON escape (of a lone surrogate, say) reaches the server as it is, where
   * a claims builder would have encoded the character itself.
   */
  public static String withRawClaims(String subjectJson, String groupsJson) {
    String claims =
        "{\"iss\": \""
            + ISSUER
            + "\", \"sub\": "
            + subjectJson
            + ", \"groups\": "
            + groupsJson
            + ", \"exp\": "
            + inAnHour().getEpochSecond()
            + "}";
    try {
      JWSObject jws =
          new JWSObject(
              new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
              new Payload(claims));
      jws.sign(new RSASSASigner(KEY));
      return jws.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The same token in other spellings that a lenient base64url decoder reads as the same bytes, by
   * what was done to it. Each changes only the signature part: a change to the header or payload
   * text would change what the signature covers, and fail the signature check anyway.
   */
  public static Map<String, String> otherSpellings(String token) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int signatureStart = token.lastIndexOf('.') + 1;
    // the last character of a part whose length is 2 or 3 mod 4 has 4 or 2 bits that encode nothing
    int unusedBits =
        switch ((token.length() - signatureStart) % 4) {
          case 2 -> 0b1111;
          case 3 -> 0b11;
          default -> throw new IllegalArgumentException("the signature has no unused bits");
        };
    char last = token.charAt(token.length() - 1);
    String inside = token.substring(0, signatureStart + 8);
    String rest = token.substring(signatureStart + 8);
    Map<String, String> spellings = new LinkedHashMap<>();
    spellings.put("padded", token + "=");
    spellings.put("padded twice", token + "==");
    spellings.put("with a character outside base64url", inside + "~" + rest);
    spellings.put("with a space inside", inside + " " + rest);
    String signature = token.substring(signatureStart);
    if (signature.contains("-") || signature.contains("_")) {
      spellings.put(
          "in standard base64",
          token.substring(0, signatureStart) + signature.replace('-', '+').replace('_', '/'));
    }
    spellings.put(
        "with unused bits set",
        token.substring(0, token.length() - 1)
            + alphabet.charAt(alphabet.indexOf(last) | unusedBits));
    return spellings;
  }

  private static Instant inAnHour() {
    return Instant.now().plus(Duration.ofHours(1));
  }

  private static String sign(RSAKey key, String kid, String subject) {
    return sign(key, kid, ISSUER, subject, List.of("learner"), inAnHour());
  }

  private static String sign(
      RSAKey key, String issuer, String subject, List<String> groups, Instant expires) {
    return sign(key, null, issuer, subject, groups, expires);
  }

  private static String sign(
      RSAKey key, String kid, String issuer, String subject, List<String> groups, Instant expires) {
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
              new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(kid).build(),
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
