package org.lessonwatch.content;

/**
 * A lesson as lists and dashboards show it.
 *
 * @param durationSec the catalogue's duration, or {@code null} when unknown
 * @param videoUrl the video's URL, or {@code null} for a lesson without video
 */
public record LessonListing(
    ContentRef ref, long courseId, String title, Integer durationSec, String videoUrl) {

  public boolean hasVideo() {
    return videoUrl != null && !videoUrl.isBlank();
  }
}
