package org.lessonwatch.engagement.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import org.lessonwatch.engagement.LearnerErasure;

/**
 * {@link LearnerErasure} in one transaction: the roll-up lock first (no batch settles one of the
 * learner's sessions meanwhile), then the learner's sequence rows in key order, as heartbeats lock
 * them (a heartbeat of theirs in flight commits first; later ones wait, and find no sequence, so
 * they start at session 1), then {@code erase_learner_rollups} (R__session_rollup_functions.sql)
 * takes their settled sessions out of the roll-ups, and the rows go.
 */
@ApplicationScoped
class EraseLearner implements LearnerErasure {

  /** The longest an erasure's statements may run: a learner with very many sessions. */
  static final Duration LIMIT = Duration.ofMinutes(2);

  @PersistenceContext(unitName = "engagement")
  EntityManager em;

  @Inject RollupStore rollups;

  @Override
  @Transactional(Transactional.TxType.MANDATORY)
  public ErasedLearner erase(String learnerSub) {
    return LongStatements.within(
        em,
        LIMIT,
        () -> {
          rollups.lockForAdminWrite();
          em.createNativeQuery(
                  "SELECT count(*) FROM (SELECT 1 FROM watch_session_sequences"
                      + " WHERE learner_sub = ?1 ORDER BY content_kind, content_id FOR UPDATE) q")
              .setParameter(1, learnerSub)
              .getSingleResult();
          em.createNativeQuery("SELECT count(*) FROM erase_learner_rollups(?1)")
              .setParameter(1, learnerSub)
              .getSingleResult();
          long sessions =
              em.createNativeQuery("DELETE FROM watch_sessions WHERE learner_sub = ?1")
                  .setParameter(1, learnerSub)
                  .executeUpdate();
          long lessons =
              em.createNativeQuery("DELETE FROM watch_session_sequences WHERE learner_sub = ?1")
                  .setParameter(1, learnerSub)
                  .executeUpdate();
          return new ErasedLearner(sessions, lessons);
        });
  }
}
