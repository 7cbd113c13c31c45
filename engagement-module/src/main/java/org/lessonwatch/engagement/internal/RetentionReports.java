package org.lessonwatch.engagement.internal;

import static org.lessonwatch.engagement.internal.ReportScope.DROPPED;
import static org.lessonwatch.engagement.internal.ReportScope.ROLLUPS;
import static org.lessonwatch.engagement.internal.ReportScope.count;
import static org.lessonwatch.engagement.internal.ReportScope.lesson;
import static org.lessonwatch.engagement.internal.ReportScope.results;
import static org.lessonwatch.engagement.internal.ReportScope.sessions;
import static org.lessonwatch.engagement.internal.ReportScope.whole;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.engagement.internal.ReportScope.Sessions;

/** Retention by furthest position: sessions by the point of the video they reached, and drops. */
@ApplicationScoped
class RetentionReports {

  @Inject ReportScope scope;

  /** Sessions grouped by the retention point k their furthest position reached. */
  record ReachedPoint(int point, long sessions, long dropped) {}

  /** Over all the window's lessons, of {@code points} retention points. */
  List<ReachedPoint> reachedPoints(ReportWindow window, int points) {
    return reachedRows(window, points, false).stream().map(row -> reachedPoint(row, 0)).toList();
  }

  /** {@link #reachedPoints} of each lesson with sessions in range, in two statements for all. */
  Map<ContentRef, List<ReachedPoint>> reachedPointsByLesson(ReportWindow window, int points) {
    Map<ContentRef, List<ReachedPoint>> byLesson = new HashMap<>();
    for (Object[] row : reachedRows(window, points, true)) {
      byLesson.computeIfAbsent(lesson(row), lesson -> new ArrayList<>()).add(reachedPoint(row, 2));
    }
    return byLesson;
  }

  /** Rows of (point, sessions, dropped), led by the lesson's kind and id when by lesson. */
  private List<Object[]> reachedRows(ReportWindow window, int points, boolean byLesson) {
    if (window.lessons().isEmpty()) {
      return List.of();
    }
    String lesson = byLesson ? "content_kind, content_id, " : "";
    Query query =
        scope.query(
            sessions(Sessions.UNSETTLED)
                + """
                SELECT %1$ssession_point(max_position_sec, duration_sec, :points) AS point,
                  count(*), count(*) FILTER (WHERE %2$s)
                FROM s WHERE duration_sec IS NOT NULL GROUP BY %1$spoint
                """
                    .formatted(lesson, DROPPED),
            window);
    query.setParameter("points", points);
    List<Object[]> rows = new ArrayList<>(results(query));
    // the roll-ups count points of 100 (EngagementAnalytics.RETENTION_POINTS)
    rows.addAll(
        scope.rows(
            ROLLUPS
                + """
                SELECT %1$su.i - 1, sum(u.n), coalesce(sum(u.d), 0) FROM r
                CROSS JOIN LATERAL unnest(r.at_point, r.dropped_at_point)
                  WITH ORDINALITY AS u(n, d, i)
                GROUP BY %1$su.i HAVING sum(u.n) > 0
                """
                    .formatted(lesson),
            window));
    return rows;
  }

  private static ReachedPoint reachedPoint(Object[] row, int offset) {
    return new ReachedPoint(whole(row[offset]), count(row[offset + 1]), count(row[offset + 2]));
  }
}
