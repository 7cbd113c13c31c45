package org.lessonwatch.engagement;

import org.lessonwatch.content.ContentRef;

/** One lesson's headline metrics, for a course's table of lessons. */
public record LessonEngagement(ContentRef lesson, EngagementSummary summary) {}
