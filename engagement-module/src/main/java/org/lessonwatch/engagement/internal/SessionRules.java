package org.lessonwatch.engagement.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * The configurable parts of the session rules.
 *
 * @param gap how long after its last heartbeat (or its end) a session still counts as the current
 *     one
 * @param completionThresholdPercent share of the duration the furthest position must reach
 */
record SessionRules(Duration gap, int completionThresholdPercent) {

  SessionRules {
    if (gap.isNegative() || gap.isZero()) {
      throw new IllegalArgumentException("session gap must be positive: " + gap);
    }
    if (completionThresholdPercent < 1 || completionThresholdPercent > 100) {
      throw new IllegalArgumentException(
          "completion threshold must be 1-100: " + completionThresholdPercent);
    }
  }

  boolean withinGap(Instant since, Instant now) {
    return !now.isAfter(since.plus(gap));
  }

  boolean reachesCompletion(int positionSec, int durationSec) {
    return (long) positionSec * 100 >= (long) completionThresholdPercent * durationSec;
  }
}
