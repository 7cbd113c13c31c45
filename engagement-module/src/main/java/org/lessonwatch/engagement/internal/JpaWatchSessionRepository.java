package org.lessonwatch.engagement.internal;

import static java.util.stream.Collectors.toMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@link WatchSessionRepository} on JPA and PostgreSQL. A whole group of heartbeats locks its
 * sequences in one statement and reads its sessions in another: the keys go in as arrays.
 */
@ApplicationScoped
class JpaWatchSessionRepository implements WatchSessionRepository {

  @PersistenceContext(unitName = "engagement")
  EntityManager em;

  @Override
  public Map<StreamKey, SessionSequence> lockSequences(Collection<StreamKey> keys) {
    // One statement creates the rows of first heartbeats and locks the others (the no-op update
    // takes the row lock, FOR NO KEY UPDATE strength), in key order, and returns them. Concurrent
    // first heartbeats: one inserts, the others wait for its commit and then take the lock.
    Query upsert =
        em.createNativeQuery(
            "INSERT INTO watch_session_sequences AS q (learner_sub, content_kind, content_id,"
                + " last_session_number) SELECT k.learner_sub, k.content_kind, k.content_id, 0"
                + " FROM unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as bigint[]))"
                + " AS k(learner_sub, content_kind, content_id) ORDER BY 1, 2, 3"
                + " ON CONFLICT (learner_sub, content_kind, content_id)"
                + " DO UPDATE SET last_session_number = q.last_session_number RETURNING q.*",
            SessionSequence.class);
    @SuppressWarnings("unchecked") // the native query's result class
    List<SessionSequence> sequences = bindKeys(upsert, keys).getResultList();
    return sequences.stream().collect(toMap(SessionSequence::key, Function.identity()));
  }

  @Override
  public Map<StreamKey, WatchSession> latestSessions(
      Collection<SessionSequence> sequences, HeldSessions held) {
    return selectLatest(
        sequences, " FOR NO KEY UPDATE OF s" + (held == HeldSessions.SKIP ? " SKIP LOCKED" : ""));
  }

  @Override
  public Map<StreamKey, WatchSession> readLatestSessions(Collection<SessionSequence> sequences) {
    return selectLatest(sequences, "");
  }

  private Map<StreamKey, WatchSession> selectLatest(
      Collection<SessionSequence> sequences, String locking) {
    List<SessionSequence> started =
        sequences.stream().filter(SessionSequence::hasSessions).toList();
    if (started.isEmpty()) {
      return Map.of();
    }
    Query select =
        em.createNativeQuery(
            "SELECT s.* FROM watch_sessions s JOIN unnest(cast(?1 as text[]),"
                + " cast(?2 as text[]), cast(?3 as bigint[]), cast(?4 as int[]))"
                + " AS k(learner_sub, content_kind, content_id, session_number)"
                + " USING (learner_sub, content_kind, content_id, session_number)"
                + locking,
            WatchSession.class);
    List<StreamKey> keys = started.stream().map(SessionSequence::key).toList();
    @SuppressWarnings("unchecked") // the native query's result class
    List<WatchSession> latest =
        bindKeys(select, keys)
            .setParameter(
                4, started.stream().map(SessionSequence::lastSessionNumber).toArray(Integer[]::new))
            .getResultList();
    return latest.stream().collect(toMap(WatchSession::key, Function.identity()));
  }

  /** Binds the keys as arrays: learners to parameter 1, content kinds to 2, content ids to 3. */
  private static Query bindKeys(Query query, Collection<StreamKey> keys) {
    return query
        .setParameter(1, keys.stream().map(StreamKey::learnerSub).toArray(String[]::new))
        .setParameter(2, keys.stream().map(StreamKey::contentKind).toArray(String[]::new))
        .setParameter(3, keys.stream().map(StreamKey::contentId).toArray(Long[]::new));
  }

  @Override
  public void add(WatchSession session) {
    em.persist(session);
  }

  @Override
  public void flushAndClear() {
    em.flush();
    em.clear();
  }
}
