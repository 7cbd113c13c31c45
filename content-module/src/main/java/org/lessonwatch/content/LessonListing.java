package org.lessonwatch.content;

/**
 * A lesson as lists and dashboards show it.
 *
 * @param durationSec the catalogue's duration, or {@code null} when unknown
 */
public record LessonListing(
    ContentRef ref, long courseId, String title, Integer durationSec, boolean hasVideo) {}
