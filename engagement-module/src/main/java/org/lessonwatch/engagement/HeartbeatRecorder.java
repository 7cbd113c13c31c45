package org.lessonwatch.engagement;

import org.lessonwatch.content.ContentNotFoundException;
import org.lessonwatch.content.ContentWithoutVideoException;

/** Records playback heartbeats into watch sessions, following the session rules. */
public interface HeartbeatRecorder {

  /**
   * Records the heartbeat durably: when this returns, the session change is committed. Returns or
   * throws within {@code engagement.heartbeat.timeout}, whatever the database does.
   *
   * @throws ContentNotFoundException if the lesson does not exist
   * @throws ContentWithoutVideoException if the lesson has no video
   * @throws HeartbeatNotRecordedException if it could not be recorded now and may be retried
   */
  RecordedHeartbeat record(Heartbeat heartbeat);
}
