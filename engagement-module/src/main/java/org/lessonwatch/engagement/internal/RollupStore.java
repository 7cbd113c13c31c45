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

  /** The advisory lock key that serialises roll-up batches across nodes ("lessonwatch" + 1). */
  static final long SETTLE_LOCK = 0x6c6573736f6e7701L;

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

  /**
   * Rolls up at most {@code batch} settled sessions; returns how many. One node at a time: a batch
   * adds each learner's days to those already rolled up, so it must see the batch before it.
   */
  @Transactional
  public int settle(Instant settleBefore, String zone, int batch) {
    // held to the end of the transaction; the statement after it sees every earlier batch
    em.createNativeQuery("SELECT count(*) FROM pg_advisory_xact_lock(?1)")
        .setParameter(1, SETTLE_LOCK)
        .getSingleResult();
    return ((Number)
            em.createNativeQuery("SELECT settle_sessions(?1, ?2, ?3)")
                .setParameter(1, settleBefore)
                .setParameter(2, zone)
                .setParameter(3, batch)
                .getSingleResult())
        .intValue();
  }
}
