package org.lessonwatch.engagement.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import org.lessonwatch.content.ContentRef;

/**
 * The SQL of the session reports: every metric is an aggregate over {@code watch_sessions} computed
 * by PostgreSQL, over the sessions of a set of lessons that started in a time window. Returns raw
 * counts; {@link SqlEngagementAnalytics} turns them into rates.
 */
@ApplicationScoped
class SessionReports {

  /** The sessions in scope: lessons passed as two parallel arrays, start in [:from, :to). */
  private static final String IN_SCOPE =
      "WITH scope(kind, id) AS (SELECT * FROM unnest(CAST(:kinds AS varchar[]),"
          + " CAST(:ids AS bigint[]))),"
          + " s AS (SELECT ws.* FROM watch_sessions ws JOIN scope"
          + " ON ws.content_kind = scope.kind AND ws.content_id = scope.id"
          + " WHERE ws.started_at >= :from AND ws.started_at < :to) ";

  /** Closed: completed, ended, or idle longer than the session gap. */
  private static final String CLOSED =
      "(completed_at IS NOT NULL OR ended_at IS NOT NULL OR last_heartbeat_at < :idleBefore)";

  private static final String DROPPED =
      "(completed_at IS NULL AND (ended_at IS NOT NULL OR last_heartbeat_at < :idleBefore))";

  /** Complete by position, but under half of the video watched. */
  private static final String SKIPPED_AHEAD =
      "(coverage_tracked AND completed_at IS NOT NULL AND watched_sec * 2 < duration_sec)";

  private static final String COUNTS =
      "count(*), count(DISTINCT learner_sub),"
          + " count(*) FILTER (WHERE completed_at IS NOT NULL),"
          + " count(DISTINCT learner_sub) FILTER (WHERE completed_at IS NOT NULL),"
          + " count(*) FILTER (WHERE session_number > 1),"
          + " count(*) FILTER (WHERE "
          + CLOSED
          + "),"
          + " count(*) FILTER (WHERE "
          + DROPPED
          + "),"
          + " count(*) FILTER (WHERE duration_sec IS NOT NULL),"
          // least() ignores NULL, so an unknown duration must be filtered out, not left to NULL
          + " coalesce(sum(least(1.0, max_position_sec::numeric / duration_sec))"
          + " FILTER (WHERE duration_sec IS NOT NULL), 0),"
          + " count(*) FILTER (WHERE max_position_sec * 4 >= duration_sec),"
          + " count(*) FILTER (WHERE max_position_sec * 2 >= duration_sec),"
          + " count(*) FILTER (WHERE max_position_sec * 4 >= duration_sec * 3),"
          + " count(*) FILTER (WHERE coverage_tracked AND duration_sec IS NOT NULL),"
          + " count(*) FILTER (WHERE coverage_completed_at IS NOT NULL),"
          + " count(*) FILTER (WHERE "
          + SKIPPED_AHEAD
          + ")";

  @PersistenceContext(unitName = "engagement")
  EntityManager em;

  /** What the window is: lessons, start times, and the instant before which idle means closed. */
  record Window(Collection<ContentRef> lessons, Instant from, Instant to, Instant idleBefore) {}

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

    static Counts of(Object[] row, int offset) {
      return new Counts(
          count(row[offset]),
          count(row[offset + 1]),
          count(row[offset + 2]),
          count(row[offset + 3]),
          count(row[offset + 4]),
          count(row[offset + 5]),
          count(row[offset + 6]),
          count(row[offset + 7]),
          new BigDecimal(row[offset + 8].toString()),
          count(row[offset + 9]),
          count(row[offset + 10]),
          count(row[offset + 11]),
          count(row[offset + 12]),
          count(row[offset + 13]),
          count(row[offset + 14]));
    }
  }

  record LessonCounts(String kind, long id, Counts counts) {}

  /** Sessions grouped by the retention point k their furthest position reached. */
  record ReachedPoint(int point, long sessions, long dropped) {}

  record Day(LocalDate day, long sessions, long completed, long returns) {}

  record Learner(
      String learner,
      long sessions,
      int furthest,
      Integer durationSec,
      boolean completed,
      Instant lastSeen) {}

  Counts counts(Window window) {
    if (window.lessons().isEmpty()) {
      return Counts.NONE;
    }
    Object[] row =
        (Object[]) query(IN_SCOPE + "SELECT " + COUNTS + " FROM s", window).getSingleResult();
    return Counts.of(row, 0);
  }

  List<LessonCounts> countsByLesson(Window window) {
    if (window.lessons().isEmpty()) {
      return List.of();
    }
    return rows(
            IN_SCOPE
                + "SELECT content_kind, content_id, "
                + COUNTS
                + " FROM s GROUP BY content_kind, content_id",
            window)
        .stream()
        .map(row -> new LessonCounts((String) row[0], count(row[1]), Counts.of(row, 2)))
        .toList();
  }

  List<ReachedPoint> reachedPoints(Window window, int points) {
    if (window.lessons().isEmpty()) {
      return List.of();
    }
    Query query =
        query(
            IN_SCOPE
                + "SELECT CAST(least(:points, (max_position_sec::bigint * :points) / duration_sec)"
                + " AS integer), count(*), count(*) FILTER (WHERE "
                + DROPPED
                + ") FROM s WHERE duration_sec IS NOT NULL GROUP BY 1",
            window);
    query.setParameter("points", points);
    return results(query).stream()
        .map(row -> new ReachedPoint(((Number) row[0]).intValue(), count(row[1]), count(row[2])))
        .toList();
  }

  List<Day> days(Window window, String zone) {
    if (window.lessons().isEmpty()) {
      return List.of();
    }
    Query query =
        query(
            IN_SCOPE
                + "SELECT CAST(started_at AT TIME ZONE :zone AS date), count(*),"
                + " count(*) FILTER (WHERE completed_at IS NOT NULL),"
                + " count(*) FILTER (WHERE session_number > 1) FROM s GROUP BY 1",
            window);
    query.setParameter("zone", zone);
    return results(query).stream()
        .map(row -> new Day(date(row[0]), count(row[1]), count(row[2]), count(row[3])))
        .toList();
  }

  /** For k = 0 … 100: sessions with coverage, and how many of them watched the point k %. */
  List<long[]> coverageAtPoints(Window window) {
    return rows(
            IN_SCOPE
                + "SELECT k, count(*), count(*) FILTER (WHERE watched @>"
                + " least(duration_sec - 1, (k * duration_sec) / 100))"
                + " FROM s CROSS JOIN generate_series(0, 100) k"
                + " WHERE coverage_tracked AND duration_sec IS NOT NULL GROUP BY k ORDER BY k",
            window)
        .stream()
        .map(row -> new long[] {count(row[0]), count(row[1]), count(row[2])})
        .toList();
  }

  /** Per 10-second stretch: sessions that watched it, tenths played, distinct seconds watched. */
  record Stretch(int index, long sessions, long playedDs, long seenSec) {}

  List<Stretch> stretches(Window window) {
    return rows(
            IN_SCOPE
                + "SELECT u.i, count(*) FILTER (WHERE u.seen > 0), sum(u.played), sum(u.seen)"
                + " FROM s CROSS JOIN LATERAL unnest(s.played_ds_by_10s, s.seen_sec_by_10s)"
                + " WITH ORDINALITY AS u(played, seen, i)"
                + " WHERE s.coverage_tracked GROUP BY u.i ORDER BY u.i",
            window)
        .stream()
        .map(
            row ->
                new Stretch(
                    ((Number) row[0]).intValue() - 1, count(row[1]), count(row[2]), count(row[3])))
        .toList();
  }

  /** Closed sessions left before completion, by the 10-second stretch of their furthest point. */
  List<long[]> dropsByStretch(Window window) {
    return rows(
            IN_SCOPE
                + "SELECT max_position_sec / 10, count(*) FROM s WHERE "
                + DROPPED
                + " GROUP BY 1 ORDER BY 1",
            window)
        .stream()
        .map(row -> new long[] {count(row[0]), count(row[1])})
        .toList();
  }

  record SkippedAhead(
      String learner, int number, int maxPosition, int watchedSec, Integer duration) {}

  List<SkippedAhead> skippedAhead(Window window) {
    return rows(
            IN_SCOPE
                + "SELECT learner_sub, session_number, max_position_sec, watched_sec, duration_sec"
                + " FROM s WHERE "
                + SKIPPED_AHEAD
                + " ORDER BY started_at DESC LIMIT 100",
            window)
        .stream()
        .map(
            row ->
                new SkippedAhead(
                    (String) row[0],
                    ((Number) row[1]).intValue(),
                    ((Number) row[2]).intValue(),
                    ((Number) row[3]).intValue(),
                    row[4] == null ? null : ((Number) row[4]).intValue()))
        .toList();
  }

  List<Learner> learners(ContentRef lesson, Instant from, Instant to) {
    Query query =
        em.createNativeQuery(
            "SELECT learner_sub, count(*), max(max_position_sec), max(duration_sec),"
                + " bool_or(completed_at IS NOT NULL), max(last_heartbeat_at)"
                + " FROM watch_sessions WHERE content_kind = :kind AND content_id = :id"
                + " AND started_at >= :from AND started_at < :to"
                + " GROUP BY learner_sub ORDER BY max(last_heartbeat_at) DESC, learner_sub");
    query.setParameter("kind", lesson.kind().wireName());
    query.setParameter("id", lesson.id());
    query.setParameter("from", from);
    query.setParameter("to", to);
    return results(query).stream()
        .map(
            row ->
                new Learner(
                    (String) row[0],
                    count(row[1]),
                    ((Number) row[2]).intValue(),
                    row[3] == null ? null : ((Number) row[3]).intValue(),
                    (Boolean) row[4],
                    instant(row[5])))
        .toList();
  }

  private List<Object[]> rows(String sql, Window window) {
    return results(query(sql, window));
  }

  private Query query(String sql, Window window) {
    Query query = em.createNativeQuery(sql);
    query.setParameter(
        "kinds", window.lessons().stream().map(r -> r.kind().wireName()).toArray(String[]::new));
    query.setParameter("ids", window.lessons().stream().map(ContentRef::id).toArray(Long[]::new));
    query.setParameter("from", window.from());
    query.setParameter("to", window.to());
    if (sql.contains(":idleBefore")) {
      query.setParameter("idleBefore", window.idleBefore());
    }
    return query;
  }

  @SuppressWarnings("unchecked")
  private static List<Object[]> results(Query query) {
    return query.getResultList();
  }

  private static long count(Object value) {
    return ((Number) value).longValue();
  }

  private static LocalDate date(Object value) {
    return value instanceof java.sql.Date sql ? sql.toLocalDate() : (LocalDate) value;
  }

  private static Instant instant(Object value) {
    if (value instanceof Timestamp timestamp) {
      return timestamp.toInstant();
    }
    if (value instanceof OffsetDateTime offset) {
      return offset.toInstant();
    }
    return (Instant) value;
  }
}
