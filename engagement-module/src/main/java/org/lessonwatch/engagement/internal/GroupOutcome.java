package org.lessonwatch.engagement.internal;

import org.lessonwatch.engagement.ImplausiblePlaybackException;
import org.lessonwatch.engagement.RecordedHeartbeat;

/** What a group's transaction did with one of its heartbeats. */
sealed interface GroupOutcome {

  /** Written: the caller's answer, once the transaction commits. */
  record Written(RecordedHeartbeat answer) implements GroupOutcome {}

  /**
   * Not written: it would continue a session the roll-up job holds (or follows such a heartbeat of
   * the same learner and lesson), so it goes to the writer that waits for the job.
   */
  record HeldBack() implements GroupOutcome {}

  /** Not written: it played more than the session's time allows ({@link PlaybackPace}). */
  record Refused(ImplausiblePlaybackException reason) implements GroupOutcome {}

  GroupOutcome HELD_BACK = new HeldBack();
}
