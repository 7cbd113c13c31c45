package org.lessonwatch.engagement.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

  @Override
  public RecordedHeartbeat record(Heartbeat heartbeat) {
    LessonVideo video = catalog.videoFor(heartbeat.content());
    return groupCommit.write(new CheckedHeartbeat(heartbeat, video.durationSec()));
  }
}
