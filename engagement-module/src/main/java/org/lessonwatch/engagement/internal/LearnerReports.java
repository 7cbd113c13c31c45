package org.lessonwatch.engagement.internal;

import static org.lessonwatch.engagement.internal.ReportScope.SKIPPED_AHEAD;
import static org.lessonwatch.engagement.internal.ReportScope.count;
import static org.lessonwatch.engagement.internal.ReportScope.instant;
import static org.lessonwatch.engagement.internal.ReportScope.results;
import static org.lessonwatch.engagement.internal.ReportScope.whole;
import static org.lessonwatch.engagement.internal.ReportScope.wholeOrNull;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.Query;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.engagement.Enrolment;
import org.lessonwatch.engagement.LearnerSession;

/**
 * Lists of one lesson's learners and sessions: the learners seen in a window (from their days
 * rolled up and the sessions not rolled up yet), and, read from {@code watch_sessions} along the
 * lesson's start-time index, the latest of them and the sessions that skipped ahead.
 */
@ApplicationScoped
class LearnerReports {

  @Inject ReportScope scope;

  record Learner(
      String learner,
      long sessions,
      int furthest,
      Integer durationSec,
      boolean completed,
      Instant lastSeen) {

    /** The same learner's figures over both rows' sessions. */
    Learner plus(Learner o) {
      Integer duration = durationSec;
      if (duration == null || o.durationSec != null && o.durationSec > duration) {
        duration = o.durationSec;
      }
      return new Learner(
          learner,
          sessions + o.sessions,
          Math.max(furthest, o.furthest),
          duration,
          completed || o.completed,
          lastSeen.isAfter(o.lastSeen) ? lastSeen : o.lastSeen);
    }
  }

  /**
   * {@link #learners}' rows: one per learner and day rolled up, one per session not rolled up yet,
   * in {@link Learner}'s columns.
   */
  private static final String LEARNER_ROWS =
      """
      SELECT learner_sub, sessions, furthest_sec, duration_sec, completed, last_seen
      FROM lesson_learner_days
      WHERE content_kind = ? AND content_id = ? AND day >= ? AND day < ?
      UNION ALL
      SELECT learner_sub, 1, max_position_sec, duration_sec, completed_at IS NOT NULL,
        last_heartbeat_at
      FROM watch_sessions
      WHERE content_kind = ? AND content_id = ? AND NOT rolled_up
        AND started_at >= ? AND started_at < ?
      """;

  /** Last seen latest first; then by learner id. */
  private static final Comparator<Learner> MOST_RECENT_FIRST =
      (a, b) -> {
        int byLastSeen = b.lastSeen().compareTo(a.lastSeen());
        return byLastSeen != 0 ? byLastSeen : a.learner().compareTo(b.learner());
      };

  record SkippedAhead(
      String learner, int number, int maxPosition, int watchedSec, Integer duration) {}

  /**
   * The lesson's latest 100 sessions in the window that skipped ahead. One lesson, named in the
   * statement itself, lets PostgreSQL read its start-time index backwards and stop at the 100th.
   */
  List<SkippedAhead> skippedAhead(ContentRef lesson, ReportWindow window) {
    Query query =
        scope.lessonQuery(
            """
            SELECT learner_sub, session_number, max_position_sec, watched_sec, duration_sec
            FROM watch_sessions WHERE content_kind = :kind AND content_id = :id
              AND started_at >= :from AND started_at < :to AND %s
            ORDER BY started_at DESC LIMIT 100
            """
                .formatted(SKIPPED_AHEAD),
            lesson,
            window.from(),
            window.to());
    return results(query).stream()
        .map(
            row ->
                new SkippedAhead(
                    (String) row[0],
                    whole(row[1]),
                    whole(row[2]),
                    whole(row[3]),
                    wholeOrNull(row[4])))
        .toList();
  }

  /**
   * Every learner of the lesson in the window, most recently seen first: their days rolled up in
   * {@code lesson_learner_days} (V16), read from its primary key alone, and their sessions not
   * rolled up yet, along the partial index of those. Both in one statement, so in one snapshot: a
   * session is in exactly one of the two.
   *
   * <p>The rows are added up per learner and sorted here, not by PostgreSQL: a busy lesson of the
   * benchmark (10 M sessions) has 24,000 such rows in 30 days, of 19,000 learners, and PostgreSQL
   * spent about 45 ms of CPU a request grouping and sorting them, 13 ms now, while Java spends
   * about 17 more: some 70 ms of CPU in all against 60 (docs/benchmark.md). They are read with
   * plain JDBC ({@link ReportScope#read}), which handles rows more cheaply than Hibernate's native
   * queries.
   */
  List<Learner> learners(ContentRef lesson, ReportWindow window) {
    Map<String, Learner> byLearner = new HashMap<>();
    scope.read(
        LEARNER_ROWS,
        statement -> {
          statement.setString(1, lesson.kind().wireName());
          statement.setLong(2, lesson.id());
          statement.setObject(3, window.fromDay());
          statement.setObject(4, window.toDay());
          statement.setString(5, lesson.kind().wireName());
          statement.setLong(6, lesson.id());
          statement.setObject(7, OffsetDateTime.ofInstant(window.from(), ZoneOffset.UTC));
          statement.setObject(8, OffsetDateTime.ofInstant(window.to(), ZoneOffset.UTC));
        },
        row -> {
          // getInt and wasNull, getTimestamp: the pool's wrappers run getObject(int, Class) by
          // looking the method up by reflection, row after row
          int duration = row.getInt(4);
          Integer durationSec = row.wasNull() ? null : duration;
          Learner learner =
              new Learner(
                  row.getString(1),
                  row.getInt(2),
                  row.getInt(3),
                  durationSec,
                  row.getBoolean(5),
                  row.getTimestamp(6).toInstant());
          byLearner.merge(learner.learner(), learner, Learner::plus);
        });
    List<Learner> learners = new ArrayList<>(byLearner.values());
    learners.sort(MOST_RECENT_FIRST);
    return learners;
  }

  /**
   * The learners whose latest session in the window started last, at most {@code limit}, in that
   * order. They are found by reading the lesson's start-time index backwards until that many
   * learners have turned up, so a lesson with a hundred thousand sessions costs about as much as
   * one with a few hundred; then only their own sessions are read.
   */
  List<Learner> latestLearners(ContentRef lesson, Instant from, Instant to, int limit) {
    Set<String> latest = new LinkedHashSet<>();
    for (int rows = limit * 4; ; rows *= 8) {
      Query query =
          scope.lessonQuery(
              """
              SELECT learner_sub FROM watch_sessions
              WHERE content_kind = :kind AND content_id = :id
                AND started_at >= :from AND started_at < :to
              ORDER BY started_at DESC, learner_sub LIMIT :rows
              """,
              lesson,
              from,
              to);
      query.setParameter("rows", rows);
      @SuppressWarnings("unchecked")
      List<String> learners = query.getResultList();
      latest.clear();
      for (String learner : learners) {
        if (latest.size() == limit) {
          break;
        }
        latest.add(learner);
      }
      if (latest.size() == limit || learners.size() < rows) {
        break;
      }
    }
    if (latest.isEmpty()) {
      return List.of();
    }
    Query query =
        scope.lessonQuery(
            """
            SELECT learner_sub, count(*), max(max_position_sec), max(duration_sec),
              bool_or(completed_at IS NOT NULL), max(last_heartbeat_at)
            FROM watch_sessions WHERE content_kind = :kind AND content_id = :id
              AND started_at >= :from AND started_at < :to
              AND learner_sub = ANY(CAST(:learners AS varchar[]))
            GROUP BY learner_sub ORDER BY max(started_at) DESC, learner_sub
            """,
            lesson,
            from,
            to);
    query.setParameter("learners", latest.toArray(String[]::new));
    return learners(query);
  }

  /** The rows of a statement that gives {@link Learner}'s columns in order. */
  private static List<Learner> learners(Query query) {
    return results(query).stream()
        .map(
            row ->
                new Learner(
                    (String) row[0],
                    count(row[1]),
                    whole(row[2]),
                    wholeOrNull(row[3]),
                    (Boolean) row[4],
                    instant(row[5])))
        .toList();
  }

  /**
   * {@link Enrolment} for one lesson: each learner's sessions of it, through the (learner, lesson,
   * number) index: one probe per learner, whatever the lesson's sessions.
   */
  Enrolment lessonEnrolment(ContentRef lesson, Collection<String> learners) {
    Query query =
        scope.statement(
            """
            WITH m(sub) AS (SELECT DISTINCT * FROM unnest(CAST(:learners AS varchar[])))
            SELECT count(*), count(*) FILTER (WHERE x.started),
              count(*) FILTER (WHERE x.completed), count(*) FILTER (WHERE x.covered)
            FROM m CROSS JOIN LATERAL (
              SELECT count(*) > 0 AS started,
                bool_or(ws.completed_at IS NOT NULL) AS completed,
                bool_or(ws.coverage_completed_at IS NOT NULL) AS covered
              FROM watch_sessions ws
              WHERE ws.learner_sub = m.sub AND ws.content_kind = :kind AND ws.content_id = :id) x
            """);
    query.setParameter("kind", lesson.kind().wireName());
    query.setParameter("id", lesson.id());
    query.setParameter("learners", learners.toArray(String[]::new));
    Object[] row = (Object[]) query.getSingleResult();
    return new Enrolment(count(row[0]), count(row[1]), count(row[2]), count(row[3]));
  }

  /**
   * {@link Enrolment} for a course: a learner started it when the course roll-ups hold a settled
   * session of theirs ({@code course_learner_rollups}, one probe per learner) or when one of the
   * course's unsettled sessions is theirs; completed likewise.
   */
  Enrolment courseEnrolment(long courseId, Collection<String> learners) {
    Query query =
        scope.statement(
            """
            WITH m(sub) AS (SELECT DISTINCT * FROM unnest(CAST(:learners AS varchar[]))),
            %s
            SELECT count(*),
              count(*) FILTER (WHERE r.learner_sub IS NOT NULL OR u.learner_sub IS NOT NULL),
              count(*) FILTER (WHERE r.completed_days <> '{}' OR u.completed)
            FROM m
            LEFT JOIN course_learner_rollups r ON r.course_id = :course AND r.learner_sub = m.sub
            LEFT JOIN u ON u.learner_sub = m.sub
            """
                .formatted(ReportScope.COURSE_UNSETTLED_LEARNERS));
    query.setParameter("course", courseId);
    query.setParameter("learners", learners.toArray(String[]::new));
    Object[] row = (Object[]) query.getSingleResult();
    return new Enrolment(count(row[0]), count(row[1]), count(row[2]), null);
  }

  /** {@link org.lessonwatch.engagement.EngagementAnalytics#learnerSessions}. */
  List<LearnerSession> learnerSessions(String learner, ReportWindow window, int limit) {
    Query query =
        scope.query(
            ReportScope.SCOPE
                + """
                SELECT * FROM (
                  SELECT ws.content_kind, ws.content_id, ws.session_number, ws.started_at,
                    ws.last_heartbeat_at, ws.max_position_sec, ws.duration_sec,
                    CASE WHEN ws.coverage_tracked THEN ws.watched_sec END,
                    ws.completed_at IS NOT NULL, ws.coverage_completed_at IS NOT NULL,
                    coalesce(%s, false), CAST(ws.watched AS text)
                  FROM scope JOIN watch_sessions ws ON ws.learner_sub = :learner
                    AND ws.content_kind = scope.kind AND ws.content_id = scope.id
                  WHERE ws.started_at >= :from AND ws.started_at < :to
                  ORDER BY ws.started_at DESC LIMIT :limit) latest
                ORDER BY content_kind, content_id, session_number
                """
                    .formatted(SKIPPED_AHEAD),
            window);
    query.setParameter("learner", learner);
    query.setParameter("limit", limit);
    return results(query).stream()
        .map(
            row ->
                new LearnerSession(
                    ReportScope.lesson(row),
                    whole(row[2]),
                    instant(row[3]),
                    instant(row[4]),
                    whole(row[5]),
                    wholeOrNull(row[6]),
                    wholeOrNull(row[7]),
                    (Boolean) row[8],
                    (Boolean) row[9],
                    (Boolean) row[10],
                    ranges((String) row[11])))
        .toList();
  }

  /** {@link org.lessonwatch.engagement.EngagementAnalytics#lastSeen}. */
  Optional<Instant> lastSeen(String learner, List<ContentRef> lessons) {
    Query query =
        scope.lessonsQuery(
            ReportScope.SCOPE
                + """
                SELECT max(ws.last_heartbeat_at)
                FROM scope JOIN watch_sessions ws ON ws.learner_sub = :learner
                  AND ws.content_kind = scope.kind AND ws.content_id = scope.id
                """,
            lessons);
    query.setParameter("learner", learner);
    Object value = query.getSingleResult();
    return value == null ? Optional.empty() : Optional.of(instant(value));
  }

  /** An int4multirange's text, {@code {[0,10),[20,35)}}, as {@code [from, to)} pairs. */
  static List<int[]> ranges(String multirange) {
    List<int[]> ranges = new ArrayList<>();
    Matcher range = RANGE.matcher(multirange == null ? "" : multirange);
    while (range.find()) {
      ranges.add(new int[] {Integer.parseInt(range.group(1)), Integer.parseInt(range.group(2))});
    }
    return ranges;
  }

  private static final Pattern RANGE = Pattern.compile("\\[(\\d+),(\\d+)\\)");
}
