package org.lessonwatch.engagement.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.lessonwatch.content.ContentCatalog;
import org.lessonwatch.content.LessonVideo;
import org.lessonwatch.engagement.Heartbeat;
import org.lessonwatch.engagement.HeartbeatRecorder;
import org.lessonwatch.engagement.RecordedHeartbeat;

/**
 * The heartbeat use case: check the lesson, then write the heartbeat with the next group ({@link
 * GroupCommit}, {@link WriteHeartbeats}).
 */
@ApplicationScoped
class RecordHeartbeat implements HeartbeatRecorder {

  @Inject ContentCatalog catalog;

  @Inject GroupCommit groupCommit;

  /**
   * The deadline counts from here: a catalogue look-up that had to wait for the database leaves the
   * group commit only the rest of {@code engagement.heartbeat.timeout}.
   */
  @Override
  public RecordedHeartbeat record(Heartbeat heartbeat) {
    long started = System.nanoTime();
    LessonVideo video = catalog.videoFor(heartbeat.content());
    Duration left = groupCommit.limits().timeout().minusNanos(System.nanoTime() - started);
    return groupCommit.write(new CheckedHeartbeat(heartbeat, video.durationSec()), left);
  }
}
