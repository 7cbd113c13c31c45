package org.lessonwatch.engagement.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import org.lessonwatch.content.CatalogChanged;

/**
 * The roll-up statements: the job's, each in its own transaction, and those that follow the
 * catalogue's lessons, in the catalogue's transaction. All of them take the roll-up lock first.
 */
@ApplicationScoped
class RollupStore {

  /** The advisory lock that serialises roll-up work across nodes (the bytes of "lessonw", 1). */
  static final long SETTLE_LOCK = 0x6c6573736f6e7701L;

  @PersistenceContext(unitName = "engagement")
  EntityManager em;

  /**
   * Makes sure the roll-ups count days in {@code zone}, emptying them (and marking every session
   * unsettled) if they were made for another one. Returns whether they had to be rebuilt.
   */
  @Transactional
  public boolean prepare(String zone) {
    lockRollups();
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
    lockRollups();
    return ((Number)
            em.createNativeQuery("SELECT settle_sessions(?1, ?2, ?3)")
                .setParameter(1, settleBefore)
                .setParameter(2, zone)
                .setParameter(3, batch)
                .getSingleResult())
        .intValue();
  }

  /**
   * Keeps the roll-ups' copy of each lesson's course (V7) in the catalogue's writing transaction: a
   * lesson that moves to another course has both courses' learners rebuilt before the move commits.
   */
  void onCatalogChanged(@Observes CatalogChanged change) {
    if (change.lesson() == null) {
      return;
    }
    lockRollups();
    em.createNativeQuery("SELECT count(*) FROM put_lesson_course(?1, ?2, ?3)")
        .setParameter(1, change.lesson().kind().wireName())
        .setParameter(2, change.lesson().id())
        .setParameter(3, change.courseId())
        .getSingleResult();
  }

  /**
   * Waits for a roll-up batch in flight (on any node) to commit, and keeps the next one from
   * starting until this transaction ends: no session is then held by the roll-up job. For the
   * heartbeats whose sessions a batch held; they wait here before taking any lock of their own.
   */
  void awaitBatchInFlight() {
    em.createNativeQuery("SELECT count(*) FROM pg_advisory_xact_lock_shared(?1)")
        .setParameter(1, SETTLE_LOCK)
        .getSingleResult();
  }

  /**
   * Waits for any roll-up batch or rebuild in flight (on any node) and holds off others until this
   * transaction ends; statements after it see every earlier one's work.
   */
  private void lockRollups() {
    em.createNativeQuery("SELECT count(*) FROM pg_advisory_xact_lock(?1)")
        .setParameter(1, SETTLE_LOCK)
        .getSingleResult();
  }
}
