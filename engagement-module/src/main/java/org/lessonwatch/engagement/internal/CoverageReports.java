package org.lessonwatch.engagement.internal;

import static org.lessonwatch.engagement.internal.ReportScope.DROPPED;
import static org.lessonwatch.engagement.internal.ReportScope.ROLLUPS;
import static org.lessonwatch.engagement.internal.ReportScope.at;
import static org.lessonwatch.engagement.internal.ReportScope.count;
import static org.lessonwatch.engagement.internal.ReportScope.longs;
import static org.lessonwatch.engagement.internal.ReportScope.sessions;
import static org.lessonwatch.engagement.internal.ReportScope.whole;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lessonwatch.engagement.internal.ReportScope.Sessions;

/**
 * What was really played, for one lesson: coverage of each point of the video, plays and seconds
 * per 10-second stretch, and where sessions left before completion.
 */
@ApplicationScoped
class CoverageReports {

  @Inject ReportScope scope;

  /** Of the sessions with coverage, how many watched the point {@code point} % of the video. */
  record CoveragePoint(int point, long sessions, long watched) {}

  /** Per 10-second stretch: sessions that watched it, tenths played, distinct seconds watched. */
  record Stretch(int index, long sessions, long playedDs, long seenSec) {
    Stretch plus(Stretch o) {
      return new Stretch(index, sessions + o.sessions, playedDs + o.playedDs, seenSec + o.seenSec);
    }
  }

  /** Closed sessions left before completion in the 10-second stretch {@code stretch}. */
  record StretchDrops(long stretch, long drops) {}

  /** For k = 0 … 100, or none when no session in range has coverage. */
  List<CoveragePoint> coverageAtPoints(ReportWindow window) {
    long[] watched = new long[101];
    long sessions = 0;
    for (Object[] row :
        scope.rows(
            sessions(Sessions.UNSETTLED)
                + """
                SELECT k, count(*),
                  count(*) FILTER (WHERE watched @> least(duration_sec - 1, (k * duration_sec) / 100))
                FROM s CROSS JOIN generate_series(0, 100) k
                WHERE coverage_tracked AND duration_sec IS NOT NULL GROUP BY k
                """,
            window)) {
      int k = whole(row[0]);
      watched[k] += count(row[2]);
      if (k == 0) {
        sessions += count(row[1]);
      }
    }
    Object[] settled =
        (Object[])
            scope
                .query(
                    ROLLUPS
                        + "SELECT coalesce(sum(with_coverage), 0), rollup_sum(watched_point) FROM r",
                    window)
                .getSingleResult();
    sessions += count(settled[0]);
    long[] rolled = longs(settled[1]);
    for (int k = 0; k < rolled.length && k < watched.length; k++) {
      watched[k] += rolled[k];
    }
    if (sessions == 0) {
      return List.of();
    }
    List<CoveragePoint> points = new ArrayList<>();
    for (int k = 0; k <= 100; k++) {
      points.add(new CoveragePoint(k, sessions, watched[k]));
    }
    return points;
  }

  List<Stretch> stretches(ReportWindow window) {
    Map<Integer, Stretch> stretches = new TreeMap<>();
    for (Object[] row :
        scope.rows(
            sessions(Sessions.UNSETTLED)
                + """
                SELECT u.i, count(*) FILTER (WHERE u.seen > 0), sum(u.played), sum(u.seen)
                FROM s CROSS JOIN LATERAL unnest(s.played_ds_by_10s, s.seen_sec_by_10s)
                  WITH ORDINALITY AS u(played, seen, i)
                WHERE s.coverage_tracked GROUP BY u.i
                """,
            window)) {
      Stretch stretch = new Stretch(whole(row[0]) - 1, count(row[1]), count(row[2]), count(row[3]));
      stretches.merge(stretch.index(), stretch, Stretch::plus);
    }
    Object[] settled =
        (Object[])
            scope
                .query(
                    ROLLUPS
                        + """
                        SELECT rollup_sum(stretch_sessions), rollup_sum(stretch_played_ds),
                          rollup_sum(stretch_seen_sec) FROM r
                        """,
                    window)
                .getSingleResult();
    long[] sessions = longs(settled[0]);
    long[] played = longs(settled[1]);
    long[] seen = longs(settled[2]);
    int length = Math.max(sessions.length, Math.max(played.length, seen.length));
    for (int i = 0; i < length; i++) {
      Stretch stretch = new Stretch(i, at(sessions, i), at(played, i), at(seen, i));
      if (stretch.sessions() > 0 || stretch.playedDs() > 0 || stretch.seenSec() > 0) {
        stretches.merge(i, stretch, Stretch::plus);
      }
    }
    return List.copyOf(stretches.values());
  }

  /** Closed sessions left before completion, by the stretch of their furthest point, in order. */
  List<StretchDrops> dropsByStretch(ReportWindow window) {
    Map<Long, Long> drops = new TreeMap<>();
    for (Object[] row :
        scope.rows(
            sessions(Sessions.UNSETTLED)
                + "SELECT max_position_sec / 10, count(*) FROM s WHERE "
                + DROPPED
                + " GROUP BY 1",
            window)) {
      drops.merge(count(row[0]), count(row[1]), Long::sum);
    }
    long[] settled =
        longs(
            scope
                .query(ROLLUPS + "SELECT rollup_sum(dropped_in_stretch) FROM r", window)
                .getSingleResult());
    for (int i = 0; i < settled.length; i++) {
      if (settled[i] > 0) {
        drops.merge((long) i, settled[i], Long::sum);
      }
    }
    List<StretchDrops> rows = new ArrayList<>();
    drops.forEach((stretch, n) -> rows.add(new StretchDrops(stretch, n)));
    return rows;
  }
}
