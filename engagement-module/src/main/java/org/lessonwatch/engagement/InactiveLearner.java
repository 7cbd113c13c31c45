package org.lessonwatch.engagement;

import java.time.LocalDate;

/**
 * A learner who started a course and has not watched any of it since {@code lastActiveDay} (in the
 * analytics zone), with how many of its lessons they completed by coverage.
 */
public record InactiveLearner(String learner, LocalDate lastActiveDay, int lessonsCovered) {}
