package org.lessonwatch.engagement;

import java.time.Instant;

/** One learner's sittings with one lesson within a date range. */
public record LearnerActivity(
    String learner,
    long sessions,
    int furthestPositionSec,
    Integer durationSec,
    boolean completed,
    Instant lastSeen) {}
