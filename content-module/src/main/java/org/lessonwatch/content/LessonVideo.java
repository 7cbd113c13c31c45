package org.lessonwatch.content;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A lesson that has a video, as the heartbeat path needs it.
 *
 * @param durationSec the catalogue's duration in whole seconds, or {@code null} when unknown
 */
public record LessonVideo(ContentRef ref, long courseId, String videoUrl, Integer durationSec) {

  public LessonVideo {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(videoUrl, "videoUrl");
  }

  public OptionalInt catalogueDuration() {
    return durationSec == null ? OptionalInt.empty() : OptionalInt.of(durationSec);
  }
}
