package org.lessonwatch.engagement.internal;

import static org.lessonwatch.engagement.internal.ReportScope.CLOSED;
import static org.lessonwatch.engagement.internal.ReportScope.DROPPED;
import static org.lessonwatch.engagement.internal.ReportScope.ROLLUPS;
import static org.lessonwatch.engagement.internal.ReportScope.SKIPPED_AHEAD;
import static org.lessonwatch.engagement.internal.ReportScope.count;
import static org.lessonwatch.engagement.internal.ReportScope.date;
import static org.lessonwatch.engagement.internal.ReportScope.lesson;
import static org.lessonwatch.engagement.internal.ReportScope.results;
import static org.lessonwatch.engagement.internal.ReportScope.sessions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.Query;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.engagement.internal.DistinctLearners.Learners;
import org.lessonwatch.engagement.internal.ReportScope.Sessions;

/**
 * The headline counters (sessions, completions, returns, closed and dropped sessions, watching,
 * coverage), over the window, per lesson, and per day; with the distinct learners of {@link
 * DistinctLearners}.
 */
@ApplicationScoped
class SummaryReports {

  /**
   * Per-session counters over unsettled rows, with the metric functions the roll-up job uses too
   * (R__session_rollup_functions.sql); the roll-ups hold the same sums (ROLLED_COUNTS).
   */
  private static final String COUNTS =
      """
      count(*),
      count(*) FILTER (WHERE completed_at IS NOT NULL),
      count(*) FILTER (WHERE session_number > 1),
      count(*) FILTER (WHERE %s),
      count(*) FILTER (WHERE %s),
      count(*) FILTER (WHERE duration_sec IS NOT NULL),
      coalesce(sum(session_watched_fraction(max_position_sec, duration_sec)), 0),
      count(*) FILTER (WHERE session_reached(max_position_sec, duration_sec, 1)),
      count(*) FILTER (WHERE session_reached(max_position_sec, duration_sec, 2)),
      count(*) FILTER (WHERE session_reached(max_position_sec, duration_sec, 3)),
      count(*) FILTER (WHERE coverage_tracked AND duration_sec IS NOT NULL),
      count(*) FILTER (WHERE coverage_completed_at IS NOT NULL),
      count(*) FILTER (WHERE %s)
      """
          .formatted(CLOSED, DROPPED, SKIPPED_AHEAD);

  /** The same counters from roll-up rows: every settled session is closed, dropped unless done. */
  private static final String ROLLED_COUNTS =
      """
      coalesce(sum(sessions), 0), coalesce(sum(completed), 0), coalesce(sum(returns), 0),
      coalesce(sum(sessions), 0), coalesce(sum(sessions - completed), 0),
      coalesce(sum(with_duration), 0), coalesce(sum(percent_watched_sum), 0),
      coalesce(sum(reached_25), 0), coalesce(sum(reached_50), 0),
      coalesce(sum(reached_75), 0), coalesce(sum(with_coverage), 0),
      coalesce(sum(coverage_completed), 0), coalesce(sum(skipped_ahead), 0)
      """;

  @Inject ReportScope scope;

  @Inject DistinctLearners learners;

  /**
   * Raw counts behind the headline metrics; {@code percentWatchedSum} sums min(1, max/duration).
   */
  record Counts(
      long sessions,
      long learners,
      long completed,
      long completedLearners,
      long returns,
      long closed,
      long dropped,
      long withDuration,
      BigDecimal percentWatchedSum,
      long reached25,
      long reached50,
      long reached75,
      long withCoverage,
      long coverageCompleted,
      long skippedAhead) {

    static final Counts NONE =
        new Counts(0, 0, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO, 0, 0, 0, 0, 0, 0);

    /** The counters of COUNTS or ROLLED_COUNTS from {@code offset}, with no learners yet. */
    static Counts of(Object[] row, int offset) {
      return new Counts(
          count(row[offset]),
          0,
          count(row[offset + 1]),
          0,
          count(row[offset + 2]),
          count(row[offset + 3]),
          count(row[offset + 4]),
          count(row[offset + 5]),
          new BigDecimal(row[offset + 6].toString()),
          count(row[offset + 7]),
          count(row[offset + 8]),
          count(row[offset + 9]),
          count(row[offset + 10]),
          count(row[offset + 11]),
          count(row[offset + 12]));
    }

    Counts plus(Counts o) {
      return new Counts(
          sessions + o.sessions,
          learners + o.learners,
          completed + o.completed,
          completedLearners + o.completedLearners,
          returns + o.returns,
          closed + o.closed,
          dropped + o.dropped,
          withDuration + o.withDuration,
          percentWatchedSum.add(o.percentWatchedSum),
          reached25 + o.reached25,
          reached50 + o.reached50,
          reached75 + o.reached75,
          withCoverage + o.withCoverage,
          coverageCompleted + o.coverageCompleted,
          skippedAhead + o.skippedAhead);
    }

    Counts withLearners(Learners l) {
      return new Counts(
          sessions,
          l.learners(),
          completed,
          l.completedLearners(),
          returns,
          closed,
          dropped,
          withDuration,
          percentWatchedSum,
          reached25,
          reached50,
          reached75,
          withCoverage,
          coverageCompleted,
          skippedAhead);
    }
  }

  record LessonCounts(ContentRef lesson, Counts counts) {}

  /** Closed sessions of a lesson, and how many of them were dropped. */
  record Closed(ContentRef lesson, long closed, long dropped) {
    Closed plus(Closed o) {
      return new Closed(lesson, closed + o.closed, dropped + o.dropped);
    }
  }

  record Day(LocalDate day, long sessions, long completed, long returns) {
    Day plus(Day o) {
      return new Day(day, sessions + o.sessions, completed + o.completed, returns + o.returns);
    }
  }

  Counts counts(ReportWindow window) {
    if (window.lessons().isEmpty()) {
      return Counts.NONE;
    }
    Counts unsettled =
        Counts.of(
            (Object[])
                scope
                    .query(sessions(Sessions.UNSETTLED) + "SELECT " + COUNTS + " FROM s", window)
                    .getSingleResult(),
            0);
    Counts settled =
        Counts.of(
            (Object[])
                scope
                    .query(ROLLUPS + "SELECT " + ROLLED_COUNTS + " FROM r", window)
                    .getSingleResult(),
            0);
    return unsettled.plus(settled).withLearners(learners.of(window));
  }

  List<LessonCounts> countsByLesson(ReportWindow window) {
    if (window.lessons().isEmpty()) {
      return List.of();
    }
    Map<ContentRef, Counts> byLesson = new LinkedHashMap<>();
    for (Object[] row :
        scope.rows(
            ROLLUPS
                + "SELECT content_kind, content_id, "
                + ROLLED_COUNTS
                + " FROM r GROUP BY content_kind, content_id",
            window)) {
      byLesson.merge(lesson(row), Counts.of(row, 2), Counts::plus);
    }
    for (Object[] row :
        scope.rows(
            sessions(Sessions.UNSETTLED)
                + "SELECT content_kind, content_id, "
                + COUNTS
                + " FROM s GROUP BY content_kind, content_id",
            window)) {
      byLesson.merge(lesson(row), Counts.of(row, 2), Counts::plus);
    }
    Map<ContentRef, Learners> distinct = learners.byLesson(window);
    List<LessonCounts> result = new ArrayList<>();
    byLesson.forEach(
        (lesson, counts) ->
            result.add(
                new LessonCounts(
                    lesson, counts.withLearners(distinct.getOrDefault(lesson, Learners.NONE)))));
    return result;
  }

  /** Closed and dropped sessions per lesson. */
  List<Closed> closedByLesson(ReportWindow window) {
    if (window.lessons().isEmpty()) {
      return List.of();
    }
    Map<ContentRef, Closed> byLesson = new LinkedHashMap<>();
    for (Object[] row :
        scope.rows(
            ROLLUPS
                + "SELECT content_kind, content_id, sum(sessions), sum(sessions - completed)"
                + " FROM r GROUP BY content_kind, content_id",
            window)) {
      Closed closed = new Closed(lesson(row), count(row[2]), count(row[3]));
      byLesson.merge(closed.lesson(), closed, Closed::plus);
    }
    for (Object[] row :
        scope.rows(
            sessions(Sessions.UNSETTLED)
                + "SELECT content_kind, content_id, count(*) FILTER (WHERE "
                + CLOSED
                + "), count(*) FILTER (WHERE "
                + DROPPED
                + ") FROM s GROUP BY content_kind, content_id",
            window)) {
      Closed closed = new Closed(lesson(row), count(row[2]), count(row[3]));
      byLesson.merge(closed.lesson(), closed, Closed::plus);
    }
    return List.copyOf(byLesson.values());
  }

  /** Sessions, completed sessions and returns per day (in {@code zone}) with any sessions. */
  List<Day> days(ReportWindow window, String zone) {
    if (window.lessons().isEmpty()) {
      return List.of();
    }
    Query query =
        scope.query(
            sessions(Sessions.UNSETTLED)
                + """
                SELECT CAST(started_at AT TIME ZONE :zone AS date), count(*),
                  count(*) FILTER (WHERE completed_at IS NOT NULL),
                  count(*) FILTER (WHERE session_number > 1)
                FROM s GROUP BY 1
                """,
            window);
    query.setParameter("zone", zone);
    Map<LocalDate, Day> days = new HashMap<>();
    for (Object[] row : results(query)) {
      Day day = new Day(date(row[0]), count(row[1]), count(row[2]), count(row[3]));
      days.merge(day.day(), day, Day::plus);
    }
    for (Object[] row :
        scope.rows(
            ROLLUPS + "SELECT day, sum(sessions), sum(completed), sum(returns) FROM r GROUP BY day",
            window)) {
      Day day = new Day(date(row[0]), count(row[1]), count(row[2]), count(row[3]));
      days.merge(day.day(), day, Day::plus);
    }
    return List.copyOf(days.values());
  }
}
