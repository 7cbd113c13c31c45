package org.lessonwatch.content;

/** A course as lists show it. */
public record CourseListing(long courseId, String title) {}
