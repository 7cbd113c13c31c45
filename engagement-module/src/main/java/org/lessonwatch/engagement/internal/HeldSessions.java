package org.lessonwatch.engagement.internal;

/**
 * What a group of heartbeats does about sessions the roll-up job is settling (it holds them for up
 * to a second): the two modes of {@link GroupWriter#write}.
 */
enum HeldSessions {
  /**
   * Never wait: a held session is read as last committed; a heartbeat that starts the next session
   * is written, one that would continue the held session is {@link GroupOutcome.HeldBack held
   * back}. The groups of the ordinary writers.
   */
  SKIP,
  /**
   * Wait for the roll-up job's batch to commit before taking any lock, then write every heartbeat.
   * The one writer of held-back heartbeats, so that only they wait.
   */
  AWAIT
}
