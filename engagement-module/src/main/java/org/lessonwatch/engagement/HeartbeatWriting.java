package org.lessonwatch.engagement;

import java.util.Optional;

/** The heartbeat writers as operations see them: their health, and their end at shutdown. */
public interface HeartbeatWriting {

  /**
   * Why heartbeats are not being written now, if they are not: a writer thread that has stopped
   * (until it is replaced) or that has been writing one group far longer than the heartbeat
   * deadline. For the readiness check.
   */
  Optional<String> problem();

  /**
   * Stops writing, at shutdown: the groups in flight are finished and answered as usual (waiting at
   * most the heartbeat deadline for them), every heartbeat still queued or arriving later is
   * answered "not recorded: stopping" (503).
   */
  void finish();
}
