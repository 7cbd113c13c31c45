package org.lessonwatch.engagement.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/** The roll-up statements, each in its own transaction. */
@ApplicationScoped
class RollupStore {

  @PersistenceContext(unitName = "engagement")
  EntityManager em;

  /**
   * Makes sure the roll-ups count days in {@code zone}, emptying them (and marking every session
   * unsettled) if they were made for another one. Returns whether they had to be rebuilt.
   */
  @Transactional
  public boolean prepare(String zone) {
    List<?> current =
        em.createNativeQuery("SELECT time_zone FROM session_rollup_state FOR UPDATE")
            .getResultList();
    if (!current.isEmpty() && zone.equals(current.get(0))) {
      return false;
    }
    em.createNativeQuery("SELECT reset_session_rollups(?1)")
        .setParameter(1, zone)
        .getSingleResult();
    return !current.isEmpty();
  }

  /** Rolls up at most {@code batch} settled sessions; returns how many. */
  @Transactional
  public int settle(Instant settleBefore, String zone, int batch) {
    return ((Number)
            em.createNativeQuery("SELECT settle_sessions(?1, ?2, ?3)")
                .setParameter(1, settleBefore)
                .setParameter(2, zone)
                .setParameter(3, batch)
                .getSingleResult())
        .intValue();
  }
}
