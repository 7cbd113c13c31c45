package org.lessonwatch.engagement.internal;

/**
 * Hands out session numbers for one learner and lesson. Its row is what heartbeats for that pair
 * lock (see {@link WatchSessionRepository#lockSequences}), so it exists before the first session
 * does; {@link WatchSessionRepository#write} stores the numbers handed out.
 */
final class SessionSequence {

  private final StreamKey key;
  private int lastSessionNumber;

  SessionSequence(StreamKey key, int lastSessionNumber) {
    this.key = key;
    this.lastSessionNumber = lastSessionNumber;
  }

  StreamKey key() {
    return key;
  }

  boolean hasSessions() {
    return lastSessionNumber > 0;
  }

  int lastSessionNumber() {
    return lastSessionNumber;
  }

  int next() {
    return ++lastSessionNumber;
  }
}
