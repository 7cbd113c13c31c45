package org.lessonwatch.engagement;

import java.time.Instant;
import java.util.List;
import org.lessonwatch.content.ContentRef;

/**
 * One sitting of one learner with one lesson, as a learner page shows it.
 *
 * @param watchedSec distinct seconds watched, {@code null} when the player reported no ranges
 * @param watched the distinct seconds watched, as whole-second {@code [from, to)} pairs
 * @param skippedAhead complete by position with under half of the video watched
 */
public record LearnerSession(
    ContentRef lesson,
    int number,
    Instant started,
    Instant lastHeartbeat,
    int maxPositionSec,
    Integer durationSec,
    Integer watchedSec,
    boolean completed,
    boolean coverageCompleted,
    boolean skippedAhead,
    List<int[]> watched) {

  public LearnerSession {
    watched = List.copyOf(watched);
  }
}
