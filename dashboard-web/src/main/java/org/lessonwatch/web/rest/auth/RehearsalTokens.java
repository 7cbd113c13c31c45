package org.lessonwatch.web.rest.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * The warm-up's tokens: a key pair made for one warm-up, whose private half never leaves this
 * object, and an issuer no LMS uses. The key is of the configured algorithm's family (RSA for
 * {@code RS*} and {@code PS*}, an EC curve for {@code ES*}), so that the warm-up exercises the
 * signature check real tokens get; other algorithms fall back to {@code RS256}.
 */
public final class RehearsalTokens {

  private final JWSAlgorithm algorithm;
  private final JWK key;
  private final JWSSigner signer;
  private final String issuer = "urn:lessonwatch:warm-up:" + UUID.randomUUID();

  private RehearsalTokens(JWSAlgorithm algorithm, JWK key, JWSSigner signer) {
    this.algorithm = algorithm;
    this.key = key;
    this.signer = signer;
  }

  static RehearsalTokens generate(JWSAlgorithm configured) {
    try {
      if (JWSAlgorithm.Family.EC.contains(configured)) {
        Curve curve = Curve.forJWSAlgorithm(configured).iterator().next();
        var ec = new ECKeyGenerator(curve).generate();
        return new RehearsalTokens(configured, ec, new ECDSASigner(ec));
      }
      JWSAlgorithm rsa =
          JWSAlgorithm.Family.RSA.contains(configured) ? configured : JWSAlgorithm.RS256;
      var key = new RSAKeyGenerator(2048).generate();
      return new RehearsalTokens(rsa, key, new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot make the warm-up's token key", e);
    }
  }

  String issuer() {
    return issuer;
  }

  JWSKeySelector<SecurityContext> keySelector() {
    return new JWSVerificationKeySelector<>(
        algorithm, new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())));
  }

  /** A token for this subject and groups, valid for {@code validity}. */
  public String mint(String subject, List<String> groups, Duration validity) {
    Instant now = Instant.now();
    var claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(subject)
            .claim("groups", groups)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(validity)))
            .build();
    var jwt = new SignedJWT(new JWSHeader(algorithm), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a warm-up token", e);
    }
    return jwt.serialize();
  }
}
