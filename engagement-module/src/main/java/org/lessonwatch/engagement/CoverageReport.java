package org.lessonwatch.engagement;

import java.util.List;

/**
 * What one lesson's sessions actually played, from the players' played ranges (sessions whose
 * player reports none are left out).
 *
 * @param coverageRetention for k = 0 … 100, the share of sessions that watched the second at k % of
 *     the duration; empty when no session reported coverage
 * @param rewatch how often each 10-second stretch was played by the sessions that watched it
 * @param strugglePoints stretches replayed far more than this lesson's norm, and stretches where
 *     drop-off concentrates, most pronounced first
 * @param skippedAhead sessions complete by position with under half the video watched, latest first
 *     (at most 100)
 */
public record CoverageReport(
    long sessionsWithCoverage,
    List<Double> coverageRetention,
    List<RewatchStretch> rewatch,
    List<StrugglePoint> strugglePoints,
    List<SkippedAheadSession> skippedAhead) {

  public CoverageReport {
    coverageRetention = List.copyOf(coverageRetention);
    rewatch = List.copyOf(rewatch);
    strugglePoints = List.copyOf(strugglePoints);
    skippedAhead = List.copyOf(skippedAhead);
  }

  /**
   * One stretch {@code [fromSec, toSec)} of the video.
   *
   * @param sessions sessions that watched any of it
   * @param playsPerSecond seconds played there (repeats included) per distinct second watched: 1
   *     means watched once, 2 twice on average
   */
  public record RewatchStretch(int fromSec, int toSec, long sessions, double playsPerSecond) {}

  /** Where learners struggle, with a timestamp an instructor can jump to. */
  public record StrugglePoint(Kind kind, int fromSec, int toSec, String why) {

    public enum Kind {
      REWATCH,
      DROP_OFF
    }
  }

  /** A session that reached the end by seeking rather than watching. */
  public record SkippedAheadSession(
      String learner, int sessionNumber, int maxPositionSec, int watchedSec, Integer durationSec) {}
}
