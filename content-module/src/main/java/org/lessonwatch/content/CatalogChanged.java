package org.lessonwatch.content;

/**
 * Published (as a CDI event, within the writing transaction) when a course or lesson is created or
 * replaced; observers that cache catalogue data react after the transaction commits.
 *
 * @param lesson the lesson that changed, or {@code null} when a course changed
 */
public record CatalogChanged(long courseId, ContentRef lesson) {}
