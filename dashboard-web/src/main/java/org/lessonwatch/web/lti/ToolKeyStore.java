package org.lessonwatch.web.lti;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

/** Reads this tool's keys from {@code lti_tool_keys}, generating one when none signs. */
@ApplicationScoped
class ToolKeyStore {

  private static final Logger LOG = Logger.getLogger(ToolKeyStore.class.getName());

  /** Serializes key generation across nodes (any constant all nodes use). */
  private static final long KEY_WRITES_LOCK = 0x4c54495f4b455953L; // "LTI_KEYS"

  @PersistenceContext(unitName = "engagement")
  EntityManager em;

  /**
   * The signing key and the published ones as of {@code at}; when no key signs, one is generated
   * first, under a lock that makes nodes starting together agree on one key.
   */
  @Transactional
  ToolKeys.Keys load(Instant at) {
    List<Object[]> rows = rows(at);
    if (rows.stream().noneMatch(row -> row[1] == null)) {
      em.createNativeQuery("SELECT pg_advisory_xact_lock(?1)")
          .setParameter(1, KEY_WRITES_LOCK)
          .getSingleResult();
      rows = rows(at);
      if (rows.stream().noneMatch(row -> row[1] == null)) {
        RSAKey generated = generate();
        em.createNativeQuery(
                "INSERT INTO lti_tool_keys (key_id, private_jwk, created_at) VALUES (?1, ?2, ?3)")
            .setParameter(1, generated.getKeyID())
            .setParameter(2, generated.toJSONString())
            .setParameter(3, at)
            .executeUpdate();
        LOG.info(() -> "Generated this tool's LTI signing key " + generated.getKeyID());
        rows = rows(at);
      }
    }
    RSAKey signing = null;
    List<JWK> published = new ArrayList<>();
    Map<String, byte[]> stateSecrets = new HashMap<>();
    for (Object[] row : rows) {
      RSAKey key = parse((String) row[0]);
      if (row[1] == null && signing == null) {
        signing = key;
      }
      published.add(key.toPublicJWK());
      stateSecrets.put(key.getKeyID(), stateSecret(key));
    }
    return new ToolKeys.Keys(signing, new JWKSet(published), Map.copyOf(stateSecrets), at);
  }

  /** (private JWK, retired at) of the keys to publish, newest first. */
  @SuppressWarnings("unchecked")
  private List<Object[]> rows(Instant at) {
    return em.createNativeQuery(
            "SELECT private_jwk, retired_at FROM lti_tool_keys"
                + " WHERE retired_at IS NULL OR retired_at > ?1"
                + " ORDER BY created_at DESC, key_id")
        .setParameter(1, at.minus(ToolKeys.RETIRED_KEPT))
        .getResultList();
  }

  private static RSAKey generate() {
    try {
      return new RSAKeyGenerator(2048)
          .keyID(UUID.randomUUID().toString())
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.RS256)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("could not generate an RSA key", e);
    }
  }

  /**
   * The secret that MACs login states under this key's id: SHA-256 of the private key, so that
   * every node derives the same one from the key they share and nothing more is stored.
   */
  private static byte[] stateSecret(RSAKey key) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update("lessonwatch LTI login state".getBytes(StandardCharsets.UTF_8));
      return sha256.digest(key.toPrivateKey().getEncoded());
    } catch (NoSuchAlgorithmException | JOSEException e) {
      throw new IllegalStateException("could not derive the login-state secret", e);
    }
  }

  private static RSAKey parse(String json) {
    try {
      return RSAKey.parse(json);
    } catch (ParseException e) {
      throw new IllegalStateException("lti_tool_keys holds a key that is not an RSA JWK", e);
    }
  }
}
