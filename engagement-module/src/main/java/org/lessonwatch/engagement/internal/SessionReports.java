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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.lessonwatch.content.ContentKind;
import org.lessonwatch.content.ContentRef;

/**
 * The SQL of the session reports: every metric is an aggregate over the sessions of a set of
 * lessons that started in a time window, computed by PostgreSQL. Settled sessions (see
 * R__session_rollup_functions.sql) are read from the roll-ups, the others from {@code
 * watch_sessions} itself, and the two parts are added up here: each session counts once, under the
 * same definitions. Returns raw counts; {@link SqlEngagementAnalytics} turns them into rates.
 */
@ApplicationScoped
class SessionReports {

  private static final String SCOPE =
      "WITH scope(kind, id) AS (SELECT * FROM unnest(CAST(:kinds AS varchar[]),"
          + " CAST(:ids AS bigint[]))),";

  /** All the sessions in scope: lessons passed as two parallel arrays, start in [:from, :to). */
  private static final String IN_SCOPE =
      SCOPE
          + " s AS (SELECT ws.* FROM watch_sessions ws JOIN scope"
          + " ON ws.content_kind = scope.kind AND ws.content_id = scope.id"
          + " WHERE ws.started_at >= :from AND ws.started_at < :to) ";

  /** The sessions in scope that are not in the roll-ups yet. */
  private static final String UNSETTLED_IN_SCOPE =
      IN_SCOPE.replace("WHERE ws.started_at", "WHERE NOT ws.rolled_up AND ws.started_at");

  /** Opens EXISTS: a rolled-up session in range of the same learner and lesson as {@code s}. */
  private static final String SETTLED_OF_PAIR =
      "EXISTS (SELECT 1 FROM watch_sessions r WHERE r.learner_sub = s.learner_sub"
          + " AND r.content_kind = s.content_kind AND r.content_id = s.content_id AND r.rolled_up"
          + " AND r.started_at >= :from AND r.started_at < :to";

  /** The roll-up rows in scope: start days in [:fromDay, :toDay). */
  private static final String ROLLUPS_IN_SCOPE =
      SCOPE
          + " r AS (SELECT sr.* FROM session_rollups sr JOIN scope"
          + " ON sr.content_kind = scope.kind AND sr.content_id = scope.id"
          + " WHERE sr.day >= :fromDay AND sr.day < :toDay) ";

  /** Closed: completed, ended, or idle longer than the session gap. */
  private static final String CLOSED =
      "(completed_at IS NOT NULL OR ended_at IS NOT NULL OR last_heartbeat_at < :idleBefore)";

  private static final String DROPPED =
      "(completed_at IS NULL AND (ended_at IS NOT NULL OR last_heartbeat_at < :idleBefore))";

  /** Complete by position, but under half of the video watched. */
  private static final String SKIPPED_AHEAD =
      "(coverage_tracked AND completed_at IS NOT NULL AND watched_sec * 2 < duration_sec)";

  /** Per-session counters over unsettled rows; the roll-ups hold the same sums (ROLLED_COUNTS). */
  private static final String COUNTS =
      "count(*),"
          + " count(*) FILTER (WHERE completed_at IS NOT NULL),"
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

  /** The same counters from roll-up rows: every settled session is closed, dropped unless done. */
  private static final String ROLLED_COUNTS =
      "coalesce(sum(sessions), 0), coalesce(sum(completed), 0), coalesce(sum(returns), 0),"
          + " coalesce(sum(sessions), 0), coalesce(sum(sessions - completed), 0),"
          + " coalesce(sum(with_duration), 0), coalesce(sum(percent_watched_sum), 0),"
          + " coalesce(sum(reached_25), 0), coalesce(sum(reached_50), 0),"
          + " coalesce(sum(reached_75), 0), coalesce(sum(with_coverage), 0),"
          + " coalesce(sum(coverage_completed), 0), coalesce(sum(skipped_ahead), 0)";

  /**
   * Distinct learners of the sessions {@code s}, and those with a completed session. Grouping by
   * learner, then counting rows, lets PostgreSQL hash the learners where {@code count(DISTINCT …)}
   * sorts them, which takes about three times as long.
   */
  private static final String DISTINCT_LEARNERS =
      "SELECT count(*), count(*) FILTER (WHERE completed) FROM (SELECT learner_sub,"
          + " bool_or(completed_at IS NOT NULL) AS completed FROM s GROUP BY learner_sub) l";

  @PersistenceContext(unitName = "engagement")
  EntityManager em;

  /**
   * What the window is: lessons, start times (and the same as days in the reports' zone), and the
   * instant before which idle means closed.
   */
  record Window(
      Collection<ContentRef> lessons,
      Instant from,
      Instant to,
      LocalDate fromDay,
      LocalDate toDay,
      Instant idleBefore) {}

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

  /** Distinct learners, and those of them with a completed session. */
  record Learners(long learners, long completedLearners) {
    static final Learners NONE = new Learners(0, 0);

    Learners plus(Learners o) {
      return new Learners(learners + o.learners, completedLearners + o.completedLearners);
    }
  }

  record LessonCounts(String kind, long id, Counts counts) {

    /** The counts of the lesson whose key is {@code "kind id"} (see lessonKey). */
    static LessonCounts of(String key, Counts counts) {
      int space = key.indexOf(' ');
      return new LessonCounts(
          key.substring(0, space), Long.parseLong(key.substring(space + 1)), counts);
    }

    ContentRef lesson() {
      return new ContentRef(ContentKind.fromWireName(kind).orElseThrow(), id);
    }
  }

  /** Sessions grouped by the retention point k their furthest position reached. */
  record ReachedPoint(int point, long sessions, long dropped) {}

  record Day(LocalDate day, long sessions, long completed, long returns) {
    Day plus(Day o) {
      return new Day(day, sessions + o.sessions, completed + o.completed, returns + o.returns);
    }
  }

  record Learner(
      String learner,
      long sessions,
      int furthest,
      Integer durationSec,
      boolean completed,
      Instant lastSeen) {}

  /**
   * Makes the rest of the current transaction read one snapshot of the database (REPEATABLE READ,
   * read only); must come before any other statement of the transaction.
   */
  void useOneSnapshot() {
    em.createNativeQuery("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .executeUpdate();
    // Distinct learners are counted in a hash table, one entry per learner (and lesson): a course
    // with 100,000 sessions in range needs about 15 MB, which PostgreSQL's default of 4 MB would
    // spill to disk. For this transaction only.
    em.createNativeQuery("SET LOCAL work_mem = '64MB'").executeUpdate();
  }

  Counts counts(Window window) {
    if (window.lessons().isEmpty()) {
      return Counts.NONE;
    }
    Counts unsettled =
        Counts.of(
            (Object[])
                query(UNSETTLED_IN_SCOPE + "SELECT " + COUNTS + " FROM s", window)
                    .getSingleResult(),
            0);
    Counts settled =
        Counts.of(
            (Object[])
                query(ROLLUPS_IN_SCOPE + "SELECT " + ROLLED_COUNTS + " FROM r", window)
                    .getSingleResult(),
            0);
    return unsettled.plus(settled).withLearners(learners(window));
  }

  List<LessonCounts> countsByLesson(Window window) {
    if (window.lessons().isEmpty()) {
      return List.of();
    }
    Map<String, Counts> byLesson = new LinkedHashMap<>();
    for (Object[] row :
        rows(
            ROLLUPS_IN_SCOPE
                + "SELECT content_kind, content_id, "
                + ROLLED_COUNTS
                + " FROM r GROUP BY content_kind, content_id",
            window)) {
      byLesson.merge(lessonKey(row), Counts.of(row, 2), Counts::plus);
    }
    for (Object[] row :
        rows(
            UNSETTLED_IN_SCOPE
                + "SELECT content_kind, content_id, "
                + COUNTS
                + " FROM s GROUP BY content_kind, content_id",
            window)) {
      byLesson.merge(lessonKey(row), Counts.of(row, 2), Counts::plus);
    }
    Map<String, Learners> learners = learnersByLesson(window);
    List<LessonCounts> result = new ArrayList<>();
    byLesson.forEach(
        (key, counts) ->
            result.add(
                LessonCounts.of(
                    key, counts.withLearners(learners.getOrDefault(key, Learners.NONE)))));
    return result;
  }

  /** Closed and dropped sessions per lesson: the by-lesson counts without distinct learners. */
  List<LessonCounts> closedByLesson(Window window) {
    if (window.lessons().isEmpty()) {
      return List.of();
    }
    Map<String, long[]> byLesson = new LinkedHashMap<>();
    for (Object[] row :
        rows(
            ROLLUPS_IN_SCOPE
                + "SELECT content_kind, content_id, sum(sessions), sum(sessions - completed)"
                + " FROM r GROUP BY content_kind, content_id",
            window)) {
      byLesson.merge(
          lessonKey(row), new long[] {count(row[2]), count(row[3])}, SessionReports::add);
    }
    for (Object[] row :
        rows(
            UNSETTLED_IN_SCOPE
                + "SELECT content_kind, content_id, count(*) FILTER (WHERE "
                + CLOSED
                + "), count(*) FILTER (WHERE "
                + DROPPED
                + ") FROM s GROUP BY content_kind, content_id",
            window)) {
      byLesson.merge(
          lessonKey(row), new long[] {count(row[2]), count(row[3])}, SessionReports::add);
    }
    List<LessonCounts> result = new ArrayList<>();
    byLesson.forEach(
        (key, c) ->
            result.add(
                LessonCounts.of(
                    key,
                    new Counts(0, 0, 0, 0, 0, c[0], c[1], 0, BigDecimal.ZERO, 0, 0, 0, 0, 0, 0))));
    return result;
  }

  /**
   * Distinct learners of the window. Settled sessions are counted from day steps where some answer
   * for exactly these lessons: one lesson's own (V6), one whole course's (V7), or everybody's when
   * the lessons include every lesson with settled sessions (V5); the learners seen only in
   * unsettled sessions are added. Any other set of lessons is counted from the sessions' index.
   */
  Learners learners(Window window) {
    if (window.lessons().size() == 1) {
      return learnersByLesson(window).values().stream().findFirst().orElse(Learners.NONE);
    }
    Long course = wholeCourse(window);
    if (course != null) {
      return learnersFromSteps(
          "course_learner_day_steps WHERE course_id = :course AND",
          "course_learner_rollups l ON l.course_id = :course AND l.learner_sub = s.learner_sub",
          window,
          course);
    }
    if (coversEveryRolledUpLesson(window)) {
      return learnersFromSteps(
          "learner_day_steps WHERE",
          "learner_rollups l ON l.learner_sub = s.learner_sub",
          window,
          null);
    }
    Object[] row = (Object[]) query(IN_SCOPE + DISTINCT_LEARNERS, window).getSingleResult();
    return new Learners(count(row[0]), count(row[1]));
  }

  /**
   * Distinct learners from day steps ({@code steps}: the table and the start of its WHERE) for the
   * settled sessions, plus those of the unsettled sessions whose days in {@code rollups} (joined as
   * {@code l}) have none in range.
   */
  private Learners learnersFromSteps(String steps, String rollups, Window window, Long course) {
    Query settledQuery =
        dayQuery(
            "SELECT coalesce(sum(learners) FILTER (WHERE kind = 0), 0),"
                + " coalesce(sum(learners) FILTER (WHERE kind = 1), 0) FROM "
                + steps
                + " day >= :fromDay AND day < :toDay AND prev_day < :fromDay",
            window);
    Query extraQuery =
        query(
            UNSETTLED_IN_SCOPE
                + "SELECT count(DISTINCT s.learner_sub) FILTER (WHERE l.learner_sub IS"
                + " NULL OR NOT l.active_days && daterange(:fromDay, :toDay)),"
                + " count(DISTINCT s.learner_sub) FILTER (WHERE s.completed_at IS NOT"
                + " NULL AND (l.learner_sub IS NULL"
                + " OR NOT l.completed_days && daterange(:fromDay, :toDay)))"
                + " FROM s LEFT JOIN "
                + rollups,
            window);
    if (course != null) {
      settledQuery.setParameter("course", course);
      extraQuery.setParameter("course", course);
    }
    Object[] settled = (Object[]) settledQuery.getSingleResult();
    Object[] extra = (Object[]) extraQuery.getSingleResult();
    return new Learners(count(settled[0]) + count(extra[0]), count(settled[1]) + count(extra[1]));
  }

  /** The course whose lessons, as the roll-ups know them (V7), are exactly the window's, if any. */
  private Long wholeCourse(Window window) {
    Query query =
        em.createNativeQuery(
            SCOPE.substring(0, SCOPE.length() - 1)
                + " SELECT m.course_id FROM rollup_lesson_courses m"
                + " WHERE m.course_id = (SELECT min(c.course_id) FROM rollup_lesson_courses c"
                + " JOIN scope ON c.content_kind = scope.kind AND c.content_id = scope.id)"
                + " GROUP BY m.course_id"
                + " HAVING count(*) = (SELECT count(DISTINCT (kind, id)) FROM scope)"
                + " AND bool_and(EXISTS (SELECT 1 FROM scope"
                + " WHERE scope.kind = m.content_kind AND scope.id = m.content_id))");
    bindLessons(query, window);
    List<?> course = query.getResultList();
    return course.isEmpty() ? null : count(course.get(0));
  }

  /**
   * Distinct learners of each lesson of the window: the lessons' day steps (V6) count those with a
   * settled session in range, and the unsettled sessions add the others.
   */
  private Map<String, Learners> learnersByLesson(Window window) {
    Map<String, Learners> learners = new HashMap<>();
    for (Object[] row :
        rows(
            SCOPE
                + " steps AS (SELECT st.* FROM lesson_learner_day_steps st JOIN scope"
                + " ON st.content_kind = scope.kind AND st.content_id = scope.id"
                + " WHERE st.day >= :fromDay AND st.day < :toDay AND st.prev_day < :fromDay)"
                + " SELECT content_kind, content_id,"
                + " coalesce(sum(learners) FILTER (WHERE kind = 0), 0),"
                + " coalesce(sum(learners) FILTER (WHERE kind = 1), 0)"
                + " FROM steps GROUP BY content_kind, content_id",
            window)) {
      learners.merge(lessonKey(row), learners(row), Learners::plus);
    }
    for (Object[] row :
        rows(
            UNSETTLED_IN_SCOPE
                + ", u AS (SELECT s.content_kind, s.content_id, s.learner_sub,"
                + " s.completed_at IS NOT NULL AS completed, "
                + SETTLED_OF_PAIR
                + ") AS counted, "
                + SETTLED_OF_PAIR
                + " AND r.completed_at IS NOT NULL) AS counted_completed"
                + " FROM s)"
                + " SELECT content_kind, content_id,"
                + " count(DISTINCT learner_sub) FILTER (WHERE NOT counted),"
                + " count(DISTINCT learner_sub) FILTER (WHERE completed AND NOT counted_completed)"
                + " FROM u GROUP BY content_kind, content_id",
            window)) {
      learners.merge(lessonKey(row), learners(row), Learners::plus);
    }
    return learners;
  }

  private static Learners learners(Object[] row) {
    return new Learners(count(row[2]), count(row[3]));
  }

  private boolean coversEveryRolledUpLesson(Window window) {
    Query query =
        em.createNativeQuery(
            SCOPE.substring(0, SCOPE.length() - 1)
                + " SELECT count(*) FROM rollup_lessons r WHERE NOT EXISTS (SELECT 1 FROM scope"
                + " WHERE scope.kind = r.content_kind AND scope.id = r.content_id)");
    bindLessons(query, window);
    return count(query.getSingleResult()) == 0;
  }

  List<ReachedPoint> reachedPoints(Window window, int points) {
    return reachedRows(window, points, false).stream().map(row -> reachedPoint(row, 0)).toList();
  }

  /** {@link #reachedPoints} of each lesson with sessions in range, in two statements for all. */
  Map<ContentRef, List<ReachedPoint>> reachedPointsByLesson(Window window, int points) {
    Map<ContentRef, List<ReachedPoint>> byLesson = new HashMap<>();
    for (Object[] row : reachedRows(window, points, true)) {
      byLesson.computeIfAbsent(lesson(row), lesson -> new ArrayList<>()).add(reachedPoint(row, 2));
    }
    return byLesson;
  }

  /** Rows of (point, sessions, dropped), led by the lesson's kind and id when by lesson. */
  private List<Object[]> reachedRows(Window window, int points, boolean byLesson) {
    if (window.lessons().isEmpty()) {
      return List.of();
    }
    String lesson = byLesson ? "content_kind, content_id, " : "";
    Query query =
        query(
            UNSETTLED_IN_SCOPE
                + "SELECT "
                + lesson
                + "CAST(least(:points, (max_position_sec::bigint * :points) / duration_sec)"
                + " AS integer) AS point, count(*), count(*) FILTER (WHERE "
                + DROPPED
                + ") FROM s WHERE duration_sec IS NOT NULL GROUP BY "
                + lesson
                + "point",
            window);
    query.setParameter("points", points);
    List<Object[]> rows = new ArrayList<>(results(query));
    // the roll-ups count points of 100 (EngagementAnalytics.RETENTION_POINTS)
    rows.addAll(
        rows(
            ROLLUPS_IN_SCOPE
                + "SELECT "
                + lesson
                + "u.i - 1, sum(u.n), coalesce(sum(u.d), 0) FROM r"
                + " CROSS JOIN LATERAL unnest(r.at_point, r.dropped_at_point)"
                + " WITH ORDINALITY AS u(n, d, i) GROUP BY "
                + lesson
                + "u.i HAVING sum(u.n) > 0",
            window));
    return rows;
  }

  private static ReachedPoint reachedPoint(Object[] row, int offset) {
    return new ReachedPoint(
        ((Number) row[offset]).intValue(), count(row[offset + 1]), count(row[offset + 2]));
  }

  List<Day> days(Window window, String zone) {
    if (window.lessons().isEmpty()) {
      return List.of();
    }
    Query query =
        query(
            UNSETTLED_IN_SCOPE
                + "SELECT CAST(started_at AT TIME ZONE :zone AS date), count(*),"
                + " count(*) FILTER (WHERE completed_at IS NOT NULL),"
                + " count(*) FILTER (WHERE session_number > 1) FROM s GROUP BY 1",
            window);
    query.setParameter("zone", zone);
    Map<LocalDate, Day> days = new HashMap<>();
    for (Object[] row : results(query)) {
      Day day = new Day(date(row[0]), count(row[1]), count(row[2]), count(row[3]));
      days.merge(day.day(), day, Day::plus);
    }
    for (Object[] row :
        rows(
            ROLLUPS_IN_SCOPE
                + "SELECT day, sum(sessions), sum(completed), sum(returns) FROM r GROUP BY day",
            window)) {
      Day day = new Day(date(row[0]), count(row[1]), count(row[2]), count(row[3]));
      days.merge(day.day(), day, Day::plus);
    }
    return List.copyOf(days.values());
  }

  /** For k = 0 … 100: sessions with coverage, and how many of them watched the point k %. */
  List<long[]> coverageAtPoints(Window window) {
    long[] watched = new long[101];
    long sessions = 0;
    for (Object[] row :
        rows(
            UNSETTLED_IN_SCOPE
                + "SELECT k, count(*), count(*) FILTER (WHERE watched @>"
                + " least(duration_sec - 1, (k * duration_sec) / 100))"
                + " FROM s CROSS JOIN generate_series(0, 100) k"
                + " WHERE coverage_tracked AND duration_sec IS NOT NULL GROUP BY k",
            window)) {
      int k = ((Number) row[0]).intValue();
      watched[k] += count(row[2]);
      if (k == 0) {
        sessions += count(row[1]);
      }
    }
    Object[] settled =
        (Object[])
            query(
                    ROLLUPS_IN_SCOPE
                        + "SELECT coalesce(sum(with_coverage), 0), rollup_sum(watched_point)"
                        + " FROM r",
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
    List<long[]> points = new ArrayList<>();
    for (int k = 0; k <= 100; k++) {
      points.add(new long[] {k, sessions, watched[k]});
    }
    return points;
  }

  /** Per 10-second stretch: sessions that watched it, tenths played, distinct seconds watched. */
  record Stretch(int index, long sessions, long playedDs, long seenSec) {
    Stretch plus(Stretch o) {
      return new Stretch(index, sessions + o.sessions, playedDs + o.playedDs, seenSec + o.seenSec);
    }
  }

  List<Stretch> stretches(Window window) {
    Map<Integer, Stretch> stretches = new TreeMap<>();
    for (Object[] row :
        rows(
            UNSETTLED_IN_SCOPE
                + "SELECT u.i, count(*) FILTER (WHERE u.seen > 0), sum(u.played), sum(u.seen)"
                + " FROM s CROSS JOIN LATERAL unnest(s.played_ds_by_10s, s.seen_sec_by_10s)"
                + " WITH ORDINALITY AS u(played, seen, i)"
                + " WHERE s.coverage_tracked GROUP BY u.i",
            window)) {
      Stretch stretch =
          new Stretch(
              ((Number) row[0]).intValue() - 1, count(row[1]), count(row[2]), count(row[3]));
      stretches.merge(stretch.index(), stretch, Stretch::plus);
    }
    Object[] settled =
        (Object[])
            query(
                    ROLLUPS_IN_SCOPE
                        + "SELECT rollup_sum(stretch_sessions), rollup_sum(stretch_played_ds),"
                        + " rollup_sum(stretch_seen_sec) FROM r",
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

  /** Closed sessions left before completion, by the 10-second stretch of their furthest point. */
  List<long[]> dropsByStretch(Window window) {
    Map<Long, Long> drops = new TreeMap<>();
    for (Object[] row :
        rows(
            UNSETTLED_IN_SCOPE
                + "SELECT max_position_sec / 10, count(*) FROM s WHERE "
                + DROPPED
                + " GROUP BY 1",
            window)) {
      drops.merge(count(row[0]), count(row[1]), Long::sum);
    }
    long[] settled =
        longs(
            query(ROLLUPS_IN_SCOPE + "SELECT rollup_sum(dropped_in_stretch) FROM r", window)
                .getSingleResult());
    for (int i = 0; i < settled.length; i++) {
      if (settled[i] > 0) {
        drops.merge((long) i, settled[i], Long::sum);
      }
    }
    List<long[]> rows = new ArrayList<>();
    drops.forEach((stretch, n) -> rows.add(new long[] {stretch, n}));
    return rows;
  }

  record SkippedAhead(
      String learner, int number, int maxPosition, int watchedSec, Integer duration) {}

  /**
   * The lesson's latest 100 sessions in the window that skipped ahead. One lesson, named in the
   * statement itself, lets PostgreSQL read its start-time index backwards and stop at the 100th.
   */
  List<SkippedAhead> skippedAhead(ContentRef lesson, Window window) {
    Query query =
        em.createNativeQuery(
            "SELECT learner_sub, session_number, max_position_sec, watched_sec, duration_sec"
                + " FROM watch_sessions WHERE content_kind = :kind AND content_id = :id"
                + " AND started_at >= :from AND started_at < :to AND "
                + SKIPPED_AHEAD
                + " ORDER BY started_at DESC LIMIT 100");
    bindLesson(query, lesson, window.from(), window.to());
    return results(query).stream()
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

  /** Every learner of the lesson in the window, most recently seen first. */
  List<Learner> learners(ContentRef lesson, Instant from, Instant to) {
    return learnerRows(
        lesson, from, to, "", " ORDER BY max(last_heartbeat_at) DESC, learner_sub", query -> {});
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
          em.createNativeQuery(
              "SELECT learner_sub FROM watch_sessions"
                  + " WHERE content_kind = :kind AND content_id = :id"
                  + " AND started_at >= :from AND started_at < :to"
                  + " ORDER BY started_at DESC, learner_sub LIMIT :rows");
      bindLesson(query, lesson, from, to);
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
    return learnerRows(
        lesson,
        from,
        to,
        " AND learner_sub = ANY(CAST(:learners AS varchar[]))",
        " ORDER BY max(started_at) DESC, learner_sub",
        query -> query.setParameter("learners", latest.toArray(String[]::new)));
  }

  private List<Learner> learnerRows(
      ContentRef lesson,
      Instant from,
      Instant to,
      String condition,
      String order,
      Consumer<Query> binding) {
    Query query =
        em.createNativeQuery(
            "SELECT learner_sub, count(*), max(max_position_sec), max(duration_sec),"
                + " bool_or(completed_at IS NOT NULL), max(last_heartbeat_at)"
                + " FROM watch_sessions WHERE content_kind = :kind AND content_id = :id"
                + " AND started_at >= :from AND started_at < :to"
                + condition
                + " GROUP BY learner_sub"
                + order);
    bindLesson(query, lesson, from, to);
    binding.accept(query);
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

  private static void bindLesson(Query query, ContentRef lesson, Instant from, Instant to) {
    query.setParameter("kind", lesson.kind().wireName());
    query.setParameter("id", lesson.id());
    query.setParameter("from", from);
    query.setParameter("to", to);
  }

  private List<Object[]> rows(String sql, Window window) {
    return results(query(sql, window));
  }

  private Query query(String sql, Window window) {
    Query query = em.createNativeQuery(sql);
    bindLessons(query, window);
    if (sql.contains(":from ")) {
      query.setParameter("from", window.from());
      query.setParameter("to", window.to());
    }
    if (sql.contains(":fromDay")) {
      query.setParameter("fromDay", window.fromDay());
      query.setParameter("toDay", window.toDay());
    }
    if (sql.contains(":idleBefore")) {
      query.setParameter("idleBefore", window.idleBefore());
    }
    return query;
  }

  /** A query over learner roll-ups only: days, no lessons. */
  private Query dayQuery(String sql, Window window) {
    Query query = em.createNativeQuery(sql);
    query.setParameter("fromDay", window.fromDay());
    query.setParameter("toDay", window.toDay());
    return query;
  }

  private static void bindLessons(Query query, Window window) {
    query.setParameter(
        "kinds", window.lessons().stream().map(r -> r.kind().wireName()).toArray(String[]::new));
    query.setParameter("ids", window.lessons().stream().map(ContentRef::id).toArray(Long[]::new));
  }

  private static ContentRef lesson(Object[] row) {
    return new ContentRef(ContentKind.fromWireName((String) row[0]).orElseThrow(), count(row[1]));
  }

  private static String lessonKey(Object[] row) {
    return row[0] + " " + count(row[1]);
  }

  private static long[] add(long[] a, long[] b) {
    return new long[] {a[0] + b[0], a[1] + b[1]};
  }

  /** A bigint[] result as longs; SQL NULL (no roll-up rows) as none. */
  private static long[] longs(Object value) {
    if (value == null) {
      return new long[0];
    }
    if (value instanceof long[] longs) {
      return longs;
    }
    Object[] values;
    try {
      values =
          (Object[]) (value instanceof java.sql.Array array ? array.getArray() : (Object[]) value);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("unreadable counter array", e);
    }
    long[] longs = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      longs[i] = values[i] == null ? 0 : ((Number) values[i]).longValue();
    }
    return longs;
  }

  private static long at(long[] values, int i) {
    return i < values.length ? values[i] : 0;
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
