package org.lessonwatch.web.rest.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lessonwatch.engagement.DurationSetting;

/**
 * Verifies the LMS's bearer JWTs with the MicroProfile JWT configuration keys ({@code
 * mp.jwt.verify.*}). The key is read once, at start-up, by {@link TokenKeys} (a JWKS URL's keys are
 * fetched when first needed, then kept fresh, and kept through an outage); a token's signature is
 * checked once, and repeated uses of the same token (a player sends it with every heartbeat) only
 * check its length and expiry.
 *
 * <p>Every learner holds a valid token, so nothing in one may cost the others: a token is refused
 * before parsing when it is too long, before its signature is checked when it is not in its one
 * canonical spelling, and after it when its subject or groups hold text that cannot be stored; the
 * verified tokens are bounded in memory, not only in number.
 */
@ApplicationScoped
public class BearerTokens {

  /** The issuer shipped in microprofile-config.properties: no token carries it. */
  static final String UNCONFIGURED_ISSUER = "urn:lessonwatch:jwt-issuer-not-configured";

  private static final long MIB = 1024 * 1024;
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  /**
   * A token that passed every check: who calls, and in which groups.
   *
   * @param rehearsal whether the token is one of the warm-up's ({@link #startRehearsals}): its
   *     heartbeats are rehearsed, never recorded
   */
  public record Verified(String subject, Set<String> groups, boolean rehearsal) {

    public Verified(String subject, Set<String> groups) {
      this(subject, groups, false);
    }
  }

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

  /** Now, for expiry: the application's clock ({@code Clocks}), the system's outside CDI. */
  @Inject Clock clock = Clock.systemUTC();

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.audiences")
  Optional<String> audiences;

  /** Read as text so that a bad value is a start-up failure naming the key, not a CDI error. */
  @Inject
  @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "60")
  String clockSkew;

  /**
   * Longer tokens are refused before anything parses them. What an LMS issues a player is well
   * under 2 KiB (a few claims and a signature); this leaves room for long group lists, and stays
   * under what Payara takes in headers (it answers 400 itself past about 8 KiB over HTTP/1.1, and
   * resets the stream past 4 KiB on an HTTP/2 connection).
   */
  @Inject
  @ConfigProperty(name = "engagement.token.max-length", defaultValue = "4096")
  String maxLength;

  /**
   * Memory the verified tokens may take. A typical token (under 1 KiB of text) takes under 2.5 KiB,
   * so the default holds at least 25,000 players' tokens; past it, the least used are checked
   * again.
   */
  @Inject
  @ConfigProperty(name = "engagement.token.cache-size-mib", defaultValue = "64")
  String cacheSize;

  /** How long a JWKS URL's keys are used before they are fetched again. */
  @Inject
  @ConfigProperty(name = "engagement.token.jwks.refresh-interval", defaultValue = "PT5M")
  String jwksRefresh;

  /**
   * While a JWKS URL cannot be fetched, how long after their last fetch its keys stay in use: an
   * LMS outage overnight then refuses no player, and a key the LMS withdraws in the meantime could
   * not be learned of anyway.
   */
  @Inject
  @ConfigProperty(name = "engagement.token.jwks.outage-tolerance", defaultValue = "PT24H")
  String jwksOutageTolerance;

  int clockSkewSeconds;

  private int maxTokenLength;

  /** Why the configured key or settings cannot be used; {@code null} when they can. */
  private String configurationError;

  /**
   * Tokens whose signature and claims were checked, by their text; bounded in bytes and age. Only
   * tokens the LMS signed get in, and each in its one canonical spelling ({@link #isCanonical}).
   */
  Cache<String, Checked> recentlyVerified;

  /** {@code null} while no key is configured: every token is then refused. */
  private DefaultJWTProcessor<SecurityContext> processor;

  /**
   * While the server warms up: the processor of the warm-up's own tokens, signed with a key that
   * only this process ever holds; {@code null} otherwise.
   */
  private volatile DefaultJWTProcessor<SecurityContext> rehearsals;

  /** How many verified tokens the cache holds now (an estimate, as Caffeine keeps it). */
  public long cachedTokens() {
    Cache<String, Checked> cache = recentlyVerified;
    return cache == null ? 0 : cache.estimatedSize();
  }

  @PostConstruct
  void configure() {
    processor = null;
    configurationError = null;
    long cacheBytes;
    TokenKeys.JwksTiming jwks;
    try {
      clockSkewSeconds = wholeNumber("mp.jwt.verify.clock.skew", clockSkew, 0, "seconds");
      maxTokenLength = wholeNumber("engagement.token.max-length", maxLength, 1, "characters");
      cacheBytes = MIB * wholeNumber("engagement.token.cache-size-mib", cacheSize, 1, "MiB");
      jwks =
          new TokenKeys.JwksTiming(
              DurationSetting.parse(
                  "engagement.token.jwks.refresh-interval",
                  jwksRefresh,
                  Duration.ofSeconds(1),
                  null,
                  "PT5M"),
              DurationSetting.parse(
                  "engagement.token.jwks.outage-tolerance",
                  jwksOutageTolerance,
                  Duration.ZERO,
                  null,
                  "PT24H"));
    } catch (IllegalArgumentException | IllegalStateException e) {
      configurationError = e.getMessage();
      return;
    }
    recentlyVerified =
        Caffeine.newBuilder()
            .maximumWeight(cacheBytes)
            .weigher(BearerTokens::bytes)
            .expireAfterWrite(Duration.ofMinutes(10))
            .build();
    JWSAlgorithm signatures = JWSAlgorithm.parse(algorithm.strip());
    if (!JWSAlgorithm.Family.SIGNATURE.contains(signatures)) {
      configurationError =
          "mp.jwt.verify.publickey.algorithm must be a public-key signature algorithm such as"
              + " RS256 or ES256, was '"
              + algorithm
              + "'";
      return;
    }
    JWSKeySelector<SecurityContext> keys;
    try {
      keys = TokenKeys.configured(publicKey, publicKeyLocation, signatures, jwks);
    } catch (IOException | ParseException | JOSEException | IllegalArgumentException e) {
      configurationError =
          "the token verification key (mp.jwt.verify.publickey or .location) cannot be read: " + e;
      return;
    }
    if (keys == null) {
      return;
    }
    processor =
        processor(
            keys,
            issuer,
            // a HashSet: Nimbus asks the set whether it holds null, which Set.of's refuse
            audiences.map(
                list -> new HashSet<String>(Arrays.asList(list.trim().split("\\s*,\\s*")))));
  }

  /** Checks signature, issuer, audience (when one is required), {@code sub} and expiry. */
  private DefaultJWTProcessor<SecurityContext> processor(
      JWSKeySelector<SecurityContext> keys, String issuer, Optional<HashSet<String>> audience) {
    var verifying = new DefaultJWTProcessor<SecurityContext>();
    verifying.setJWSKeySelector(keys);
    var claims =
        new DefaultJWTClaimsVerifier<SecurityContext>(
            audience.orElse(null),
            new JWTClaimsSet.Builder().issuer(issuer).build(),
            Set.of("sub", "exp"),
            null) {
          @Override
          protected Date currentTime() {
            return Date.from(clock.instant());
          }
        };
    claims.setMaxClockSkew(clockSkewSeconds);
    verifying.setJWTClaimsSetVerifier(claims);
    return verifying;
  }

  /**
   * Starts accepting the tokens of a new warm-up key, which the returned minter alone holds: for
   * the warm-up's requests, while the server is not ready yet. Their heartbeats are only rehearsed.
   */
  public synchronized RehearsalTokens startRehearsals() {
    endRehearsals(); // an earlier warm-up's tokens pass no more
    var minter = RehearsalTokens.generate(JWSAlgorithm.parse(algorithm.strip()));
    rehearsals = processor(minter.keySelector(), minter.issuer(), Optional.empty());
    return minter;
  }

  /**
   * Stops accepting warm-up tokens, and forgets those already verified: from now on none passes,
   * whoever holds one.
   */
  public synchronized void endRehearsals() {
    rehearsals = null;
    Cache<String, Checked> cache = recentlyVerified;
    if (cache != null) {
      cache.asMap().values().removeIf(checked -> checked.caller().rehearsal());
    }
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
  }

  /** Whether tokens can pass at all: a key is set and the issuer is not the shipped placeholder. */
  public boolean configured() {
    return processor != null && !UNCONFIGURED_ISSUER.equals(issuer);
  }

  public Verified verify(String token) throws InvalidToken {
    if (processor == null) {
      throw new InvalidToken("no token verification key is configured");
    }
    if (token.length() > maxTokenLength) {
      throw new InvalidToken("the token is longer than " + maxTokenLength + " characters");
    }
    // A player sends the same token with every heartbeat: its signature is checked once, and
    // only its expiry again on later calls.
    Checked checked = recentlyVerified.getIfPresent(token);
    if (checked != null) {
      if (clock.instant().isAfter(checked.usableUntil())) {
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
  record Checked(Verified caller, Instant usableUntil) {}

  /**
   * About what a cached token takes: its text (one byte a character, as base64url is ASCII), its
   * subject and groups (decoded from it, so at most as many bytes), and the objects around them.
   */
  private static int bytes(String token, Checked checked) {
    return (int) Math.min(Integer.MAX_VALUE, 2L * token.length() + 256);
  }

  private Checked check(String token) throws InvalidToken {
    // Nimbus's base64url decoder skips characters outside the alphabet and ignores unused bits, so
    // one signed token would pass in endless spellings, each a new cache entry.
    if (!isCanonical(token)) {
      throw new InvalidToken("the token is not three parts of unpadded canonical base64url");
    }
    DefaultJWTProcessor<SecurityContext> rehearsing = rehearsals;
    if (rehearsing != null) {
      try {
        return checked(rehearsing.process(token, null), true);
      } catch (ParseException | BadJOSEException | JOSEException e) {
        // not a warm-up token: checked as any other
      }
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException | BadJOSEException | JOSEException e) {
      throw new InvalidToken(e.getMessage());
    }
    return checked(claims, false);
  }

  private Checked checked(JWTClaimsSet claims, boolean rehearsal) throws InvalidToken {
    String subject = claims.getSubject();
    if (subject.isEmpty() || subject.length() > 255 || !isPlainText(subject)) {
      throw new InvalidToken(
          "the token's sub must be 1-255 characters, none a control character or lone surrogate");
    }
    List<String> groups;
    try {
      groups = claims.getStringListClaim("groups");
    } catch (ParseException e) {
      throw new InvalidToken("groups must be a list of strings");
    }
    // Groups are only compared with role names, but a list holding such text is as broken (and a
    // null in it was answered 500).
    if (groups != null && !groups.stream().allMatch(group -> group != null && isPlainText(group))) {
      throw new InvalidToken(
          "groups must be strings without control characters or lone surrogates");
    }
    return new Checked(
        new Verified(subject, groups == null ? Set.of() : Set.copyOf(groups), rehearsal),
        claims.getExpirationTime().toInstant().plusSeconds(clockSkewSeconds));
  }

  /**
   * Whether the text has no control character (U+0000 to U+001F, U+007F to U+009F) and no lone
   * surrogate. PostgreSQL cannot store U+0000 (a subject with it failed the whole group of
   * heartbeats written with it), and the driver writes a lone surrogate as "?" (so the subject read
   * back was not the one written, and its heartbeat was answered 500). No LMS names a user with the
   * other control characters either; refused here, they cannot break a log line, a CSV export or a
   * page that shows the subject.
   */
  private static boolean isPlainText(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        return false;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++; // a pair: one character outside the BMP
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the text is a compact JWS in its one spelling: three non-empty parts of the base64url
   * alphabet without padding, each exactly what base64url encoding of its bytes gives (a last
   * character can differ only in bits that encode nothing).
   */
  private static boolean isCanonical(String token) {
    int start = 0;
    for (int part = 0; part < 3; part++) {
      int end = part < 2 ? token.indexOf('.', start) : token.length();
      if (end < 0 || !isCanonicalPart(token.substring(start, end))) {
        return false;
      }
      start = end + 1;
    }
    return true;
  }

  private static boolean isCanonicalPart(String part) {
    if (part.isEmpty()) {
      return false;
    }
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      boolean base64url =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!base64url) {
        return false;
      }
    }
    try {
      return BASE64URL.encodeToString(Base64.getUrlDecoder().decode(part)).equals(part);
    } catch (IllegalArgumentException e) {
      return false; // a length of 1 mod 4: no byte string encodes to it
    }
  }

  /**
   * A whole-number setting of at least {@code min}.
   *
   * @throws IllegalArgumentException naming the key and what it takes
   */
  private static int wholeNumber(String key, String value, int min, String unit) {
    try {
      int number = Integer.parseInt(value.strip());
      if (number >= min) {
        return number;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException(
        key
            + " must be a whole number of "
            + unit
            + (min > 0 ? " (at least " + min + ")" : "")
            + ", was '"
            + value
            + "'");
  }
}
