package org.lessonwatch.engagement.internal;

import static org.lessonwatch.engagement.internal.ReportScope.DROPPED;
import static org.lessonwatch.engagement.internal.ReportScope.SCOPE;
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

  /**
   * Each lesson's roll-ups of the window, summed by point ({@code i}, from 1): one lesson at a
   * time, so that the points are grouped by one number. Grouped over all the lessons at once, by
   * lesson and point, PostgreSQL sorted every (lesson, point) row by the lesson's kind (text), id
   * and point: for a course of 20 lessons over 30 days (10 M sessions, src/bench), 26,000 rows and
   * 45 ms; 12 ms this way.
   */
  private static final String ROLLED_BY_POINT =
      SCOPE
          + """
          , p AS (
            SELECT scope.kind, scope.id, q.i, q.n, q.d FROM scope CROSS JOIN LATERAL (
              SELECT u.i, sum(u.n) AS n, coalesce(sum(u.d), 0) AS d FROM session_rollups sr
              CROSS JOIN LATERAL unnest(sr.at_point, sr.dropped_at_point)
                WITH ORDINALITY AS u(n, d, i)
              WHERE sr.content_kind = scope.kind AND sr.content_id = scope.id
                AND sr.day >= :fromDay AND sr.day < :toDay
              GROUP BY u.i HAVING sum(u.n) > 0) q)
          """;

  /** (lesson kind, lesson id, point, sessions, dropped) from the roll-ups, by lesson. */
  private static final String ROLLED_BY_LESSON =
      ROLLED_BY_POINT + "SELECT kind, id, i - 1, n, d FROM p";

  /** (point, sessions, dropped) from the roll-ups, over all the window's lessons. */
  private static final String ROLLED =
      ROLLED_BY_POINT + "SELECT i - 1, sum(n), sum(d) FROM p GROUP BY i";

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
    rows.addAll(scope.rows(byLesson ? ROLLED_BY_LESSON : ROLLED, window));
    return rows;
  }

  private static ReachedPoint reachedPoint(Object[] row, int offset) {
    return new ReachedPoint(whole(row[offset]), count(row[offset + 1]), count(row[offset + 2]));
  }
}
