package org.lessonwatch.engagement.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

/** {@link WatchSessionRepository} on JPA and PostgreSQL. */
@ApplicationScoped
class JpaWatchSessionRepository implements WatchSessionRepository {

  @PersistenceContext(unitName = "engagement")
  EntityManager em;

  @Override
  public SessionSequence lockSequence(StreamKey key) {
    // One statement creates the row on the first heartbeat or locks it (the no-op update takes the
    // row lock, FOR NO KEY UPDATE strength), and returns it. Concurrent first heartbeats: one
    // inserts, the others wait for its commit and then take the lock in turn. The statement waits
    // as long as the previous heartbeat of the same pair takes, which is one short transaction.
    return (SessionSequence)
        em.createNativeQuery(
                "INSERT INTO watch_session_sequences AS q (learner_sub, content_kind, content_id,"
                    + " last_session_number) VALUES (?1, ?2, ?3, 0)"
                    + " ON CONFLICT (learner_sub, content_kind, content_id)"
                    + " DO UPDATE SET last_session_number = q.last_session_number RETURNING q.*",
                SessionSequence.class)
            .setParameter(1, key.learnerSub())
            .setParameter(2, key.contentKind())
            .setParameter(3, key.contentId())
            .getSingleResult();
  }

  @Override
  public WatchSession get(StreamKey key, int sessionNumber) {
    return em.createQuery(
            "select s from WatchSession s where s.learnerSub = :learner"
                + " and s.contentKind = :kind and s.contentId = :id and s.sessionNumber = :number",
            WatchSession.class)
        .setParameter("learner", key.learnerSub())
        .setParameter("kind", key.contentKind())
        .setParameter("id", key.contentId())
        .setParameter("number", sessionNumber)
        // FOR NO KEY UPDATE: the roll-up job skips a session a heartbeat is deciding about, and a
        // heartbeat waits for the job to finish with a session it is rolling up
        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
        .getSingleResult();
  }

  @Override
  public void add(WatchSession session) {
    em.persist(session);
  }
}
