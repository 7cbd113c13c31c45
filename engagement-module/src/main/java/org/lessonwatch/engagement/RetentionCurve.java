package org.lessonwatch.engagement;

import java.util.List;

/**
 * Where learners leave a video. {@code retention.get(k)} is the share of sessions (with a known
 * duration) whose furthest position reached k / {@code points} of the duration, for k = 0 … points;
 * {@code dropOffs.get(k)} counts the closed, not completed sessions whose furthest position lies in
 * [k / points, (k + 1) / points) of the duration, for k = 0 … points − 1.
 *
 * @param sessions the sessions with a known duration the curve is drawn from; when there are none,
 *     {@code retention} is empty (there is no share of nothing) and every drop-off count is 0
 */
public record RetentionCurve(
    int points, long sessions, List<Double> retention, List<Long> dropOffs) {

  public RetentionCurve {
    retention = List.copyOf(retention);
    dropOffs = List.copyOf(dropOffs);
  }
}
