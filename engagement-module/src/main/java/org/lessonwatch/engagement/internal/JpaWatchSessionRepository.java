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
    // A row lock needs a row: concurrent first heartbeats all insert, the losers wait for the
    // winner's commit and do nothing; then every one of them takes the same row lock in turn.
    em.createNativeQuery(
            "INSERT INTO watch_session_sequences (learner_sub, content_kind, content_id,"
                + " last_session_number) VALUES (?1, ?2, ?3, 0) ON CONFLICT DO NOTHING")
        .setParameter(1, key.learnerSub())
        .setParameter(2, key.contentKind())
        .setParameter(3, key.contentId())
        .executeUpdate();
    // The single lock of the heartbeat path (SELECT … FOR NO KEY UPDATE): waits as long as the
    // previous heartbeat of the same pair takes, which is one short transaction.
    return em.find(SessionSequence.class, key, LockModeType.PESSIMISTIC_WRITE);
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
        .getSingleResult();
  }

  @Override
  public void add(WatchSession session) {
    em.persist(session);
  }
}
