package org.lessonwatch.web.lti;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * This tool's signing keys for LTI 1.3 (RSA 2048, RS256): the newest key not retired signs the
 * tool's client assertions; {@code /lti/jwks} serves the public halves; each key also yields the
 * secret that authenticates login states under its id. Kept in PostgreSQL ({@code lti_tool_keys}),
 * so every node signs with the same key and a restart keeps it. The first start generates one; so
 * does the first read after an operator retired every key (rotation: {@code UPDATE lti_tool_keys
 * SET retired_at = now() WHERE retired_at IS NULL}). Nodes read the keys again when their copy is
 * older than {@link #REREAD}, so a rotation reaches all of them within that. A retired key stays in
 * the key set for {@link #RETIRED_KEPT}: a platform may still check an assertion signed just before
 * the rotation.
 */
@ApplicationScoped
public class ToolKeys {

  private static final Logger LOG = Logger.getLogger(ToolKeys.class.getName());

  static final Duration REREAD = Duration.ofMinutes(1);
  static final Duration RETIRED_KEPT = Duration.ofDays(1);

  @Inject ToolKeyStore store;

  @Inject Clock clock;

  /** The keys as last read, and when. */
  record Keys(RSAKey signing, JWKSet published, Map<String, byte[]> stateSecrets, Instant read) {}

  private volatile Keys keys;

  /** The key that signs now. */
  public RSAKey signingKey() {
    return current().signing();
  }

  /**
   * The secret that authenticates login states under a key id ({@link LoginState}); derived from
   * that private key, so a rotation replaces it too.
   */
  Optional<byte[]> stateSecret(String keyId) {
    return Optional.ofNullable(current().stateSecrets().get(keyId));
  }

  /** The public key set, as {@code /lti/jwks} serves it. */
  public JWKSet publicKeys() {
    return current().published();
  }

  /**
   * Makes sure a signing key exists, generating one if none does; start-up calls this, so that a
   * broken key store stops start-up instead of the first launch.
   */
  public void ensureKey() {
    keys = null;
    current();
  }

  private Keys current() {
    Keys now = keys;
    if (now == null || now.read().plus(REREAD).isBefore(clock.instant())) {
      synchronized (this) {
        now = keys;
        if (now == null || now.read().plus(REREAD).isBefore(clock.instant())) {
          now = reload(now);
          keys = now;
        }
      }
    }
    return now;
  }

  /** The keys read again; the last copy, for another {@link #REREAD}, if they cannot be read. */
  private Keys reload(Keys last) {
    try {
      return store.load(clock.instant());
    } catch (RuntimeException e) {
      if (last == null) {
        throw e;
      }
      LOG.warning(() -> "Could not read this tool's LTI keys again, keeping the last copy: " + e);
      return new Keys(last.signing(), last.published(), last.stateSecrets(), clock.instant());
    }
  }
}
