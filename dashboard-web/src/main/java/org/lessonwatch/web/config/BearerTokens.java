package org.lessonwatch.web.config;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Verifies the LMS's bearer JWTs with the MicroProfile JWT configuration keys ({@code
 * mp.jwt.verify.*}). The key is read once, at start-up, by {@link TokenKeys} (a JWKS URL is fetched
 * once and then refreshed in the background by its cache); a token's signature is checked once, and
 * repeated uses of the same token (a player sends it with every heartbeat) only check its expiry.
 */
@ApplicationScoped
public class BearerTokens {

  /** The issuer shipped in microprofile-config.properties: no token carries it. */
  static final String UNCONFIGURED_ISSUER = "urn:lessonwatch:jwt-issuer-not-configured";

  /** A token that passed every check: who calls, and in which groups. */
  public record Verified(String subject, Set<String> groups) {}

  /** The token is missing, malformed, badly signed, expired, or from another issuer. */
  public static class InvalidToken extends Exception {
    InvalidToken(String message) {
      super(message, null, false, false);
    }
  }

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.issuer")
  String issuer;

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.publickey")
  Optional<String> publicKey;

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.publickey.location")
  Optional<String> publicKeyLocation;

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.publickey.algorithm", defaultValue = "RS256")
  String algorithm;

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.audiences")
  Optional<String> audiences;

  /** Read as text so that a bad value is a start-up failure naming the key, not a CDI error. */
  @Inject
  @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "60")
  String clockSkew;

  int clockSkewSeconds;

  /** Why the configured key or settings cannot be used; {@code null} when they can. */
  private String configurationError;

  /** Tokens whose signature and claims were checked, by their text; bounded in size and age. */
  private final Cache<String, Checked> recentlyVerified =
      Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(Duration.ofMinutes(10)).build();

  /** {@code null} while no key is configured: every token is then refused. */
  private DefaultJWTProcessor<SecurityContext> processor;

  @PostConstruct
  void configure() {
    processor = null;
    configurationError = null;
    try {
      clockSkewSeconds = Integer.parseInt(clockSkew.strip());
    } catch (NumberFormatException e) {
      clockSkewSeconds = -1;
    }
    if (clockSkewSeconds < 0) {
      configurationError =
          "mp.jwt.verify.clock.skew must be a whole number of seconds, was '" + clockSkew + "'";
      return;
    }
    JWKSource<SecurityContext> keys;
    try {
      keys = TokenKeys.configured(publicKey, publicKeyLocation);
    } catch (IOException | ParseException | JOSEException | IllegalArgumentException e) {
      configurationError =
          "the token verification key (mp.jwt.verify.publickey or .location) cannot be read: " + e;
      return;
    }
    if (keys == null) {
      return;
    }
    var verifying = new DefaultJWTProcessor<SecurityContext>();
    verifying.setJWSKeySelector(
        new JWSVerificationKeySelector<>(JWSAlgorithm.parse(algorithm.strip()), keys));
    var claims =
        new DefaultJWTClaimsVerifier<SecurityContext>(
            audiences
                .map(list -> new HashSet<>(Arrays.asList(list.trim().split("\\s*,\\s*"))))
                .orElse(null),
            new JWTClaimsSet.Builder().issuer(issuer).build(),
            Set.of("sub", "exp"),
            null);
    claims.setMaxClockSkew(clockSkewSeconds);
    verifying.setJWTClaimsSetVerifier(claims);
    processor = verifying;
  }

  /**
   * Fails start-up when a key or setting is given but unusable; no key at all is allowed (every
   * token is then refused, and start-up says so).
   *
   * @throws IllegalStateException naming the key
   */
  public void checkConfiguration() {
    if (configurationError != null) {
      throw new IllegalStateException(configurationError);
    }
    if (!JWSAlgorithm.Family.SIGNATURE.contains(JWSAlgorithm.parse(algorithm.strip()))) {
      throw new IllegalStateException(
          "mp.jwt.verify.publickey.algorithm must be a public-key signature algorithm such as"
              + " RS256 or ES256, was '"
              + algorithm
              + "'");
    }
  }

  /** Whether tokens can pass at all: a key is set and the issuer is not the shipped placeholder. */
  public boolean configured() {
    return processor != null && !UNCONFIGURED_ISSUER.equals(issuer);
  }

  public Verified verify(String token) throws InvalidToken {
    if (processor == null) {
      throw new InvalidToken("no token verification key is configured");
    }
    // A player sends the same token with every heartbeat: its signature is checked once, and
    // only its expiry again on later calls.
    Checked checked = recentlyVerified.getIfPresent(token);
    if (checked != null) {
      if (Instant.now().isAfter(checked.usableUntil())) {
        recentlyVerified.invalidate(token);
        throw new InvalidToken("the token has expired");
      }
      return checked.caller();
    }
    Checked verified = check(token);
    recentlyVerified.put(token, verified);
    return verified.caller();
  }

  /** A verified token and the last instant it may be used (expiry plus allowed skew). */
  private record Checked(Verified caller, Instant usableUntil) {}

  private Checked check(String token) throws InvalidToken {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException | BadJOSEException | JOSEException e) {
      throw new InvalidToken(e.getMessage());
    }
    String subject = claims.getSubject();
    if (subject.isEmpty() || subject.length() > 255) {
      throw new InvalidToken("the token's sub must be 1-255 characters");
    }
    List<String> groups;
    try {
      groups = claims.getStringListClaim("groups");
    } catch (ParseException e) {
      throw new InvalidToken("groups must be a list of strings");
    }
    return new Checked(
        new Verified(subject, groups == null ? Set.of() : Set.copyOf(groups)),
        claims.getExpirationTime().toInstant().plusSeconds(clockSkewSeconds));
  }
}
