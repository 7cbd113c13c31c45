package org.lessonwatch.web.lti;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;

/**
 * The {@code state} of an LTI login, kept by nobody but the browser: a JWT that names the platform
 * and the login's nonce and expires after {@link #LIFETIME}, authenticated with HMAC-SHA256 under a
 * secret derived from this tool's signing key ({@link ToolKeys#stateSecret}). A MAC costs
 * microseconds where an RSA signature costs a millisecond: the login is public, and a flood of
 * logins must not take the cores. A login stores nothing, so a flood of logins fills no table; only
 * a launch that passes every check stores its nonce ({@link UsedNonces}). The browser that started
 * the login also gets a cookie named after the nonce ({@link #cookieName}), which the launch must
 * bring back.
 */
@ApplicationScoped
public class LoginState {

  /** How long a login may take, from the tool's redirect to the platform's form post. */
  static final Duration LIFETIME = Duration.ofMinutes(10);

  /** Longer than any state this tool issues. */
  private static final int MAX_STATE_CHARS = 1024;

  private static final String PLATFORM_CLAIM = "platform_id";
  private static final String NONCE_CLAIM = "nonce";
  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject ToolKeys keys;

  @Inject Clock clock;

  /** A login under way: the state to send, the nonce it carries, and when it expires. */
  public record Login(String state, String nonce, Instant expires) {}

  /** What a valid state says. */
  public record Pending(String platformId, String nonce, Instant expires) {}

  /** A fresh login for the platform. */
  public Login begin(String platformId) {
    String nonce = random();
    Instant now = clock.instant();
    Instant expires = now.plus(LIFETIME);
    RSAKey key = keys.signingKey();
    byte[] secret =
        keys.stateSecret(key.getKeyID())
            .orElseThrow(() -> new IllegalStateException("no state secret for the signing key"));
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(),
            new JWTClaimsSet.Builder()
                .claim(PLATFORM_CLAIM, platformId)
                .claim(NONCE_CLAIM, nonce)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .build());
    try {
      jwt.sign(new MACSigner(secret));
    } catch (JOSEException e) {
      throw new IllegalStateException("could not sign an LTI login state", e);
    }
    return new Login(jwt.serialize(), nonce, expires);
  }

  /** The login a state stands for, if this tool signed it and it has not expired. */
  public Optional<Pending> verify(String state) {
    try {
      if (state.length() > MAX_STATE_CHARS) {
        return Optional.empty();
      }
      SignedJWT jwt = SignedJWT.parse(state);
      String keyId = jwt.getHeader().getKeyID();
      Optional<byte[]> secret = keyId == null ? Optional.empty() : keys.stateSecret(keyId);
      if (secret.isEmpty()
          || !JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())
          || !jwt.verify(new MACVerifier(secret.get()))) {
        return Optional.empty();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Date expires = claims.getExpirationTime();
      String platform = claims.getStringClaim(PLATFORM_CLAIM);
      String nonce = claims.getStringClaim(NONCE_CLAIM);
      if (expires == null
          || platform == null
          || nonce == null
          || !expires.toInstant().isAfter(clock.instant())) {
        return Optional.empty();
      }
      return Optional.of(new Pending(platform, nonce, expires.toInstant()));
    } catch (ParseException | JOSEException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The cookie that binds a login to the browser that started it. */
  public static String cookieName(String nonce) {
    return "lti_login_" + nonce;
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
