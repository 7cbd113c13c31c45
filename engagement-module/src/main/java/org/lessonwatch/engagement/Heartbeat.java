package org.lessonwatch.engagement;

import java.util.Objects;
import org.lessonwatch.content.ContentRef;

/**
 * One playback heartbeat from a player, already validated at the edge.
 *
 * @param learner the LMS subject of the viewer (the token's {@code sub})
 * @param positionSec current media position in seconds, 0 to 86400
 * @param durationSec the player's idea of the video's duration; 0 means unknown
 * @param ended whether playback reached the end (or the player closed the sitting)
 */
public record Heartbeat(
    String learner, ContentRef content, double positionSec, double durationSec, boolean ended) {

  public static final double MAX_MEDIA_SECONDS = 86_400;

  public Heartbeat {
    Objects.requireNonNull(learner, "learner");
    Objects.requireNonNull(content, "content");
    if (learner.isEmpty() || learner.length() > 255) {
      throw new IllegalArgumentException("learner must be 1-255 characters");
    }
    requireMediaTime("positionSec", positionSec);
    requireMediaTime("durationSec", durationSec);
  }

  private static void requireMediaTime(String name, double seconds) {
    if (!(seconds >= 0 && seconds <= MAX_MEDIA_SECONDS)) {
      throw new IllegalArgumentException(name + " must be within 0..86400: " + seconds);
    }
  }
}
