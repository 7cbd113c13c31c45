package org.lessonwatch.engagement.internal;

import java.util.Collection;
import java.util.Map;

/** Storage of watch sessions and of the sequences that number them. */
interface WatchSessionRepository {

  /**
   * Locks the sequences of these learners and lessons until the transaction ends, creating those
   * that a first heartbeat needs. Every heartbeat for a pair passes here first, so deciding
   * "continue or start session n + 1" happens in one transaction at a time. The locks are always
   * taken in the same order, so transactions locking overlapping sets cannot deadlock.
   */
  Map<StreamKey, SessionSequence> lockSequences(Collection<StreamKey> keys);

  /**
   * The latest session of each of these sequences that has one, locked until the transaction ends
   * (against the roll-up job, which skips a locked session). With {@link HeldSessions#SKIP}, a
   * session the roll-up job has locked is left out instead of waited for.
   */
  Map<StreamKey, WatchSession> latestSessions(
      Collection<SessionSequence> sequences, HeldSessions held);

  /**
   * The latest session of each of these sequences that has one, as last committed, without a lock:
   * for sessions that the roll-up job holds, which a heartbeat may look at but not change.
   */
  Map<StreamKey, WatchSession> readLatestSessions(Collection<SessionSequence> sequences);

  /**
   * Stores, in one statement, the sessions started in this transaction (giving each its id) with
   * the session numbers their sequences handed out, and the changes to sessions read by {@link
   * #latestSessions}. A session started here and changed since is stored once, as it stands.
   */
  void write(Collection<WatchSession> started, Collection<WatchSession> changed);
}
