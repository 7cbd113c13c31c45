package org.lessonwatch.engagement;

import org.lessonwatch.content.ContentNotFoundException;
import org.lessonwatch.content.ContentWithoutVideoException;

/** Records playback heartbeats into watch sessions, following the session rules. */
public interface HeartbeatRecorder {

  /**
   * Records the heartbeat durably: when this returns, the session change is committed.
   *
   * @throws ContentNotFoundException if the lesson does not exist
   * @throws ContentWithoutVideoException if the lesson has no video
   */
  RecordedHeartbeat record(Heartbeat heartbeat);
}
