package org.lessonwatch.content;

/**
 * A lesson as an admin writes or reads it.
 *
 * @param videoUrl {@code null} for a lesson without video
 * @param durationSec whole seconds, {@code null} when unknown
 */
public record LessonDetails(String title, long courseId, String videoUrl, Integer durationSec) {

  public boolean hasVideo() {
    return videoUrl != null && !videoUrl.isBlank();
  }
}
