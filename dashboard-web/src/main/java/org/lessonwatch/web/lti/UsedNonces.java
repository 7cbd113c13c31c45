package org.lessonwatch.web.lti;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * The nonces of accepted launches ({@code lti_used_nonces}): an id_token is accepted once, on any
 * node. Expired rows, which no state can name any more, go as new ones come.
 */
@ApplicationScoped
public class UsedNonces {

  @PersistenceContext(unitName = "engagement")
  EntityManager em;

  /**
   * Records the nonce as used.
   *
   * @return false when it was used before (a replay), on this node or another
   */
  @Transactional
  public boolean use(String nonce, Instant expires, Instant now) {
    em.createNativeQuery(
            "DELETE FROM lti_used_nonces WHERE nonce IN (SELECT nonce FROM lti_used_nonces"
                + " WHERE expires_at < ?1 LIMIT 100)")
        .setParameter(1, now)
        .executeUpdate();
    return em.createNativeQuery(
                "INSERT INTO lti_used_nonces (nonce, expires_at) VALUES (?1, ?2)"
                    + " ON CONFLICT (nonce) DO NOTHING")
            .setParameter(1, nonce)
            .setParameter(2, expires)
            .executeUpdate()
        == 1;
  }
}
