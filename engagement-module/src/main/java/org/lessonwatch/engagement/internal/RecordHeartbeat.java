package org.lessonwatch.engagement.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.lessonwatch.content.ContentCatalog;
import org.lessonwatch.content.LessonVideo;
import org.lessonwatch.engagement.Heartbeat;
import org.lessonwatch.engagement.HeartbeatRecorder;
import org.lessonwatch.engagement.ImplausiblePlaybackException;
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
    return write(heartbeat, false);
  }

  @Override
  public RecordedHeartbeat rehearse(Heartbeat heartbeat) {
    return write(heartbeat, true);
  }

  private RecordedHeartbeat write(Heartbeat heartbeat, boolean rehearsal) {
    long started = System.nanoTime();
    LessonVideo video = catalog.videoFor(heartbeat.content());
    requirePlayedWithinDuration(heartbeat, video);
    Duration left = groupCommit.limits().timeout().minusNanos(System.nanoTime() - started);
    return groupCommit.write(new CheckedHeartbeat(heartbeat, video.durationSec(), rehearsal), left);
  }

  /**
   * Refuses played ranges that end past the video's end: the duration the heartbeat reports, as the
   * session keeps it, else the catalogue's; with {@link
   * ImplausiblePlaybackException#DURATION_SLACK_SEC} of slack. Without a known duration nothing is
   * refused.
   */
  private static void requirePlayedWithinDuration(Heartbeat heartbeat, LessonVideo video) {
    double duration =
        heartbeat.durationSec() > 0
            ? heartbeat.durationSec()
            : video.durationSec() == null ? 0 : video.durationSec();
    if (duration <= 0) {
      return;
    }
    for (int i = 0; i < heartbeat.played().size(); i++) {
      double end = heartbeat.played().get(i).toSec();
      if (end > duration + ImplausiblePlaybackException.DURATION_SLACK_SEC) {
        throw new ImplausiblePlaybackException(
            "played[" + i + "]",
            "ends at " + end + " s, after the end of the " + duration + " s video");
      }
    }
  }
}
