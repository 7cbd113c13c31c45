package org.lessonwatch.web.privacy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import org.lessonwatch.engagement.LearnerErasure;
import org.lessonwatch.web.roster.Rosters;

/**
 * Erases a learner in one transaction: their sessions and their part of the roll-ups ({@link
 * LearnerErasure}), their entries in LMS rosters, and records the erasure in {@code
 * learner_erasures}: when, by whom, how much, never whom.
 */
@ApplicationScoped
public class LearnerErasures {

  /** What went, as the API answers it. */
  public record Erasure(Instant erasedAt, long sessions, long lessons, long rosterEntries) {}

  @PersistenceContext(unitName = "engagement")
  EntityManager em;

  @Inject LearnerErasure engagement;

  @Inject Rosters rosters;

  @Inject Clock clock;

  @Transactional
  public Erasure erase(String learnerSub, String admin) {
    LearnerErasure.ErasedLearner erased = engagement.erase(learnerSub);
    long rosterEntries = rosters.eraseLearner(learnerSub);
    Instant now = clock.instant();
    em.createNativeQuery(
            "INSERT INTO learner_erasures (erased_at, erased_by, sessions, lessons, roster_entries)"
                + " VALUES (?1, ?2, ?3, ?4, ?5)")
        .setParameter(1, now)
        .setParameter(2, admin)
        .setParameter(3, erased.sessions())
        .setParameter(4, erased.lessons())
        .setParameter(5, rosterEntries)
        .executeUpdate();
    return new Erasure(now, erased.sessions(), erased.lessons(), rosterEntries);
  }
}
