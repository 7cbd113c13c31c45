package org.lessonwatch.engagement.internal;

/** Storage of watch sessions and of the sequences that number them. */
interface WatchSessionRepository {

  /**
   * Locks the learner's sequence for this lesson until the transaction ends, creating it on the
   * first heartbeat. Every heartbeat for the pair passes here first, so deciding "continue or start
   * session n + 1" happens one heartbeat at a time.
   */
  SessionSequence lockSequence(StreamKey key);

  WatchSession get(StreamKey key, int sessionNumber);

  void add(WatchSession session);
}
