package org.lessonwatch.engagement.internal;

import java.util.List;

/** Writes a group of heartbeats in one transaction (the session rules: {@link WriteHeartbeats}). */
interface GroupWriter {

  /**
   * Writes the heartbeats, all committed or none.
   *
   * @return one outcome per heartbeat, in the order given
   */
  List<GroupOutcome> write(List<CheckedHeartbeat> heartbeats, HeldSessions held);
}
