package org.lessonwatch.web.rest.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.OutageTolerantJWKSetSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jose.util.events.Event;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The LMS's token verification keys, where the MicroProfile JWT keys say: {@code
 * mp.jwt.verify.publickey} holds the key itself, {@code mp.jwt.verify.publickey.location} names a
 * file, a {@code file:} or {@code classpath:} location, or a JWKS URL. A key is PEM, base64 DER (a
 * PEM body without its armour), a JWK or a JWK set: the formats MP-JWT allows.
 *
 * <p>One key verifies every token, whatever key id ({@code kid}) the token's header names: an LMS
 * may name its key in its tokens while the key configured here, as PEM say, has no id. Of several
 * keys (a JWK set, or whatever a JWKS URL serves) the token's {@code kid} picks the key.
 *
 * <p>A JWKS URL's keys are fetched when first needed, then again once they are older than {@link
 * JwksTiming#refresh}, by the first token that needs them then, or sooner when a token names a key
 * id they lack (a key the LMS has just added), at most twice every tenth of that time. When the URL
 * cannot be fetched (an error, a timeout, no answer), the keys fetched last stay in use for up to
 * {@link JwksTiming#outageTolerance} after that fetch, rather than every new token being refused
 * until the LMS is back; the outage is logged once, when it starts, and once more when it ends.
 */
final class TokenKeys {

  private static final Logger LOG = Logger.getLogger(TokenKeys.class.getName());

  /**
   * How long a JWKS URL's keys are used before they are fetched again, and, while the URL cannot be
   * fetched, after their last fetch.
   */
  record JwksTiming(Duration refresh, Duration outageTolerance) {}

  private TokenKeys() {}

  /**
   * What picks the key for a token's {@code algorithm} signature from the configured keys, read now
   * (a JWKS URL is fetched on first use, then kept fresh by its cache); {@code null} when neither
   * key is set. The key itself wins over a location.
   */
  static JWSKeySelector<SecurityContext> configured(
      Optional<String> key, Optional<String> location, JWSAlgorithm algorithm, JwksTiming jwks)
      throws IOException, ParseException, JOSEException {
    if (key.filter(text -> !text.isBlank()).isPresent()) {
      return selector(parse(key.get()), algorithm);
    }
    if (location.filter(text -> !text.isBlank()).isEmpty()) {
      return null;
    }
    String where = location.get().trim();
    if (where.startsWith("https:") || where.startsWith("http:")) {
      return new JWSVerificationKeySelector<>(algorithm, jwks(URI.create(where).toURL(), jwks));
    }
    return selector(parse(read(where)), algorithm);
  }

  private static JWKSource<SecurityContext> jwks(URL url, JwksTiming timing) {
    long refresh = timing.refresh().toMillis();
    OutageLog outages = new OutageLog(url);
    return JWKSourceBuilder.<SecurityContext>create(url)
        .cache(
            refresh,
            Math.min(JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT, refresh / 4),
            outages::onRefresh)
        // A refresh ahead of expiry insists on fresh keys: during an outage each one fails, and
        // uses up the rate limit, which (above the outage tolerance in Nimbus's chain) the keys
        // fetched last cannot stand in for, so the refresh at expiry would then refuse tokens.
        .refreshAheadCache(false)
        .rateLimited(Math.min(JWKSourceBuilder.DEFAULT_RATE_LIMIT_MIN_INTERVAL, refresh / 10))
        .outageTolerant(timing.outageTolerance().toMillis(), outages::onOutage)
        .build();
  }

  /**
   * Logs a JWKS URL's outage once when it starts and once when it ends, from Nimbus's events. The
   * keys are refreshed one at a time, under the cache's lock; a refresh that falls back on the keys
   * fetched last reports an outage event between its start and its end.
   */
  private static final class OutageLog {

    private final URL url;
    private boolean down;
    private boolean fellBack;

    OutageLog(URL url) {
      this.url = url;
    }

    synchronized void onRefresh(
        Event<CachingJWKSetSource<SecurityContext>, SecurityContext> event) {
      if (event instanceof CachingJWKSetSource.RefreshInitiatedEvent) {
        fellBack = false;
      } else if (event instanceof CachingJWKSetSource.RefreshCompletedEvent && down && !fellBack) {
        down = false;
        LOG.info(() -> "The token keys at " + url + " could be fetched again");
      }
    }

    synchronized void onOutage(
        Event<OutageTolerantJWKSetSource<SecurityContext>, SecurityContext> event) {
      fellBack = true;
      if (!down) {
        down = true;
        var outage = (OutageTolerantJWKSetSource.OutageEvent<SecurityContext>) event;
        LOG.warning(
            "The token keys at "
                + url
                + " cannot be fetched ("
                + outage.getException().getMessage()
                + "): tokens are verified with the keys fetched last until "
                + Instant.now()
                    .plusMillis(outage.getRemainingTime())
                    .truncatedTo(ChronoUnit.SECONDS)
                + " at the latest, and a key id they lack is refused. Logged once for this"
                + " outage.");
      }
    }
  }

  private static JWSKeySelector<SecurityContext> selector(JWKSet keys, JWSAlgorithm algorithm)
      throws JOSEException {
    if (keys.isEmpty()) {
      throw new JOSEException("the JWK set holds no key");
    }
    if (keys.size() > 1) {
      return new JWSVerificationKeySelector<>(algorithm, new ImmutableJWKSet<>(keys));
    }
    JWK only = keys.getKeys().get(0);
    if (!(only instanceof AsymmetricJWK publicKey)
        || !only.getKeyType().equals(KeyType.forAlgorithm(algorithm))) {
      throw new JOSEException(
          "a key of type " + only.getKeyType() + " cannot verify " + algorithm + " signatures");
    }
    // Nimbus's single-key selector looks at no key use: a key meant for encryption only stops here
    if (only.getKeyUse() != null && !KeyUse.SIGNATURE.equals(only.getKeyUse())) {
      throw new JOSEException("the key's use is " + only.getKeyUse() + ", not sig");
    }
    return new SingleKeyJWSKeySelector<>(algorithm, publicKey.toPublicKey());
  }

  private static String read(String location) throws IOException {
    if (location.startsWith("file:")) {
      return Files.readString(Path.of(URI.create(location)));
    }
    String resource = location.startsWith("classpath:") ? location.substring(10) : location;
    try (InputStream in =
        Thread.currentThread()
            .getContextClassLoader()
            .getResourceAsStream(resource.startsWith("/") ? resource.substring(1) : resource)) {
      if (in != null) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    return Files.readString(Path.of(location));
  }

  /** A PEM public key, base64 DER without PEM armour, a JWK or a JWK set (the MP-JWT formats). */
  static JWKSet parse(String text) throws ParseException, JOSEException {
    String trimmed = text.trim();
    if (trimmed.startsWith("{")) {
      return trimmed.contains("\"keys\"") ? JWKSet.parse(trimmed) : new JWKSet(JWK.parse(trimmed));
    }
    String base64 = trimmed.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    PublicKey key = publicKey(Base64.getDecoder().decode(base64));
    if (key instanceof RSAPublicKey rsa) {
      return new JWKSet(new RSAKey.Builder(rsa).build());
    }
    ECPublicKey ec = (ECPublicKey) key;
    return new JWKSet(new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build());
  }

  /** An X.509 SubjectPublicKeyInfo (what PEM "PUBLIC KEY" holds) for RSA or EC. */
  private static PublicKey publicKey(byte[] der) throws JOSEException {
    for (String algorithm : List.of("RSA", "EC")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
      } catch (InvalidKeySpecException | NoSuchAlgorithmException e) {
        // not this algorithm: try the next
      }
    }
    throw new JOSEException("not an RSA or EC public key");
  }
}
