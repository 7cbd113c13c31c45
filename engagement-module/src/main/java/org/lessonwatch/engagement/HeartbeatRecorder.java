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

  /**
   * Goes through everything {@link #record} does, and stores nothing: the catalogue check, a place
   * in a group, that group's transaction with the session rules (the heartbeat starts a session,
   * then continues it as its player's next heartbeat would, statements and all), and then that
   * transaction is rolled back. Returns what {@code record} would have answered for a first
   * heartbeat. For warming up a server before it takes traffic: the code a heartbeat runs is
   * compiled, and the connections and statements are prepared, without a session that nobody
   * watched.
   *
   * @throws ContentNotFoundException if the lesson does not exist
   * @throws ContentWithoutVideoException if the lesson has no video
   * @throws HeartbeatNotRecordedException as {@link #record} would
   */
  RecordedHeartbeat rehearse(Heartbeat heartbeat);
}
