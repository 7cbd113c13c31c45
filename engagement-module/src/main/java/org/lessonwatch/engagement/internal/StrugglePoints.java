package org.lessonwatch.engagement.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.lessonwatch.engagement.CoverageReport.RewatchStretch;
import org.lessonwatch.engagement.CoverageReport.StrugglePoint;

/**
 * Finds where learners struggle in one lesson, measured against the lesson's own norm so that a
 * lesson everyone replays twice does not light up everywhere: stretches replayed at least 1.5 times
 * as often as the lesson's median stretch, and stretches where at least twice the average share of
 * drop-offs happens. Small samples never count (at least 3 sessions or 3 drop-offs).
 */
final class StrugglePoints {

  static final int MIN_SESSIONS = 3;
  static final double REWATCH_FACTOR = 1.5;
  static final int MAX_REWATCH = 5;
  static final int MAX_DROP_OFF = 3;

  private StrugglePoints() {}

  static List<StrugglePoint> find(
      List<RewatchStretch> rewatch, List<CoverageReports.StretchDrops> dropsByStretch) {
    List<StrugglePoint> points = new ArrayList<>(rewatched(rewatch));
    points.addAll(dropOffs(dropsByStretch));
    return points;
  }

  private static List<StrugglePoint> rewatched(List<RewatchStretch> rewatch) {
    List<RewatchStretch> sampled =
        rewatch.stream().filter(stretch -> stretch.sessions() >= MIN_SESSIONS).toList();
    if (sampled.size() < 2) {
      return List.of();
    }
    double[] rates =
        sampled.stream().mapToDouble(RewatchStretch::playsPerSecond).sorted().toArray();
    double median = rates[rates.length / 2];
    return sampled.stream()
        .filter(stretch -> stretch.playsPerSecond() >= REWATCH_FACTOR * median)
        .sorted(Comparator.comparingDouble(RewatchStretch::playsPerSecond).reversed())
        .limit(MAX_REWATCH)
        .map(
            stretch ->
                new StrugglePoint(
                    StrugglePoint.Kind.REWATCH,
                    stretch.fromSec(),
                    stretch.toSec(),
                    String.format(
                        Locale.ROOT,
                        "played %.1f times per watch, against %.1f for this lesson's typical"
                            + " stretch (%d sessions)",
                        stretch.playsPerSecond(),
                        median,
                        stretch.sessions())))
        .toList();
  }

  private static List<StrugglePoint> dropOffs(List<CoverageReports.StretchDrops> dropsByStretch) {
    long total = dropsByStretch.stream().mapToLong(CoverageReports.StretchDrops::drops).sum();
    if (dropsByStretch.isEmpty() || total < MIN_SESSIONS) {
      return List.of();
    }
    long last =
        dropsByStretch.stream().mapToLong(CoverageReports.StretchDrops::stretch).max().orElse(0);
    double average = (double) total / (last + 1);
    return dropsByStretch.stream()
        .filter(row -> row.drops() >= MIN_SESSIONS && row.drops() >= 2 * average)
        .sorted(Comparator.comparingLong(CoverageReports.StretchDrops::drops).reversed())
        .limit(MAX_DROP_OFF)
        .map(
            row ->
                new StrugglePoint(
                    StrugglePoint.Kind.DROP_OFF,
                    (int) row.stretch() * WatchSession.STRETCH_SEC,
                    (int) (row.stretch() + 1) * WatchSession.STRETCH_SEC,
                    String.format(
                        Locale.ROOT,
                        "%d of %d sessions left before completion stopped here",
                        row.drops(),
                        total)))
        .toList();
  }
}
