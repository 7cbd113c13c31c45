package org.lessonwatch.engagement;

import java.util.List;
import java.util.Objects;
import org.lessonwatch.content.ContentRef;

/**
 * One playback heartbeat from a player, already validated at the edge.
 *
 * @param learner the LMS subject of the viewer (the token's {@code sub})
 * @param positionSec current media position in seconds, 0 to 86400
 * @param durationSec the player's idea of the video's duration; 0 means unknown
 * @param ended whether playback reached the end (or the player closed the sitting)
 * @param played what was played since the previous heartbeat, in the order played; empty when the
 *     player does not report it
 */
public record Heartbeat(
    String learner,
    ContentRef content,
    double positionSec,
    double durationSec,
    boolean ended,
    List<PlayedRange> played) {

  public static final double MAX_MEDIA_SECONDS = 86_400;

  public Heartbeat {
    Objects.requireNonNull(learner, "learner");
    Objects.requireNonNull(content, "content");
    if (learner.isEmpty() || learner.length() > 255) {
      throw new IllegalArgumentException("learner must be 1-255 characters");
    }
    requireMediaTime("positionSec", positionSec);
    requireMediaTime("durationSec", durationSec);
    played = List.copyOf(played);
  }

  /** A heartbeat from a player that does not report played ranges. */
  public Heartbeat(
      String learner, ContentRef content, double positionSec, double durationSec, boolean ended) {
    this(learner, content, positionSec, durationSec, ended, List.of());
  }

  private static void requireMediaTime(String name, double seconds) {
    if (!(seconds >= 0 && seconds <= MAX_MEDIA_SECONDS)) {
      throw new IllegalArgumentException(name + " must be within 0..86400: " + seconds);
    }
  }
}
