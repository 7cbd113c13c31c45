package org.lessonwatch.web.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URL;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lessonwatch.web.testing.ApiClient;
import org.lessonwatch.web.testing.Catalog;
import org.lessonwatch.web.testing.Catalog.LessonRef;
import org.lessonwatch.web.testing.DashboardClient;
import org.lessonwatch.web.testing.Deployments;
import org.lessonwatch.web.testing.TestDatabase;
import org.lessonwatch.web.testing.TestTokens;

/**
 * The roll-ups give exactly the numbers of a from-scratch computation: random sessions (positions,
 * durations, ends, completions, played ranges, replays, days) are written to the database, the
 * roll-up job settles what it may (the rest stays active), and every metric the analytics API
 * reports for lessons, courses, an instructor's everything and an admin's everything is compared
 * with the same metric computed here, in Java, from the session rows as docs/api.md defines it.
 */
@ExtendWith(ArquillianExtension.class)
class RollupsIT {

  static final String ANALYTICS = "api/v1/videos/engagement/analytics/";
  static final Duration GAP = Duration.ofMinutes(30);
  static final double EXACT = 1e-9;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.engagementWar();
  }

  @ArquillianResource URL base;

  /** This run's learners are rl-RUN-n. */
  final String run = UUID.randomUUID().toString().substring(0, 8);

  /** The last session number written per learner and lesson. */
  final Map<String, Integer> numbers = new HashMap<>();

  /** One session row as stored. */
  record Row(
      String learner,
      String kind,
      long id,
      int number,
      Instant started,
      Instant lastHeartbeat,
      boolean ended,
      boolean completed,
      Integer duration,
      int maxPosition,
      boolean coverage,
      Set<Integer> watched,
      int watchedSec,
      boolean coverageCompleted,
      long[] playedDs,
      long[] seenSec,
      boolean rolledUp,
      boolean ours) {

    /**
     * Closed as docs/api.md defines it; a session that another deployment of the suite settled
     * under its shorter gap (SessionRulesIT runs with 3 s) can never be continued, so it is closed
     * too.
     */
    boolean closed(Instant idleBefore) {
      return completed || ended || lastHeartbeat.isBefore(idleBefore) || rolledUp && !ours;
    }

    int point() {
      return (int) Math.min(100, (long) maxPosition * 100 / duration);
    }
  }

  @Test
  void rollUpsEqualAFromScratchComputationOnRandomSessions() throws Exception {
    ApiClient api = new ApiClient(base);
    Catalog catalog = new Catalog(api);
    String instructor = "ins-" + UUID.randomUUID();
    long courseA = catalog.course(instructor);
    long courseB = catalog.course("other-" + UUID.randomUUID());
    List<LessonRef> lessons =
        List.of(
            catalog.lessonOf(courseA, 300),
            catalog.lessonOf(courseA, 600),
            catalog.lessonOf(courseA, null),
            catalog.lessonOf(courseB, 125),
            catalog.lessonOf(courseB, 900));
    long seed = System.nanoTime();
    Random random = new Random(seed);
    int written = writeRandomSessions(random, lessons, 300);
    awaitSettled();
    // A second round for the same learners and lessons lands on days before, between and after
    // the first round's, so later batches must add to the learners' days already rolled up.
    written += writeRandomSessions(random, lessons, 300);
    awaitSettled();

    List<Row> all = load();
    Map<String, Long> rolledUp = rolledUpCounts(lessons);
    assertTrue(rolledUp.get("settled") > written / 2, "most sessions rolled up: " + rolledUp);
    assertTrue(rolledUp.get("active") > 10, "some still active, read raw: " + rolledUp);
    assertEquals(
        0L,
        ((Number)
                TestDatabase.value(
                    "SELECT count(*) FROM watch_sessions WHERE rolled_up AND ended_at IS NULL"
                        + " AND last_heartbeat_at >= now() - interval '30 minutes'"
                        + " AND learner_sub LIKE 'rl-"
                        + run
                        + "-%'"))
            .longValue(),
        "no active session rolled up");

    assertCoverageExact("seed " + seed);
    assertLearnerDaysExact("seed " + seed);

    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    List<LocalDate[]> ranges =
        List.of(
            new LocalDate[] {today.minusDays(29), today.plusDays(1)},
            new LocalDate[] {today.minusDays(12), today.minusDays(3)},
            new LocalDate[] {today, today.plusDays(1)});
    String admin = TestTokens.admin();
    String teacher = TestTokens.token(instructor, List.of("instructor"));
    DashboardClient pages = DashboardClient.signedInAdmin(base);
    for (LocalDate[] range : ranges) {
      String dates = "from=" + range[0] + "&to=" + range[1];
      for (LessonRef lesson : lessons) {
        String scope = "content_kind=" + lesson.kind() + "&content_id=" + lesson.id();
        Predicate<Row> of = r -> r.kind().equals(lesson.kind()) && r.id() == lesson.id();
        compare(api, admin, scope + "&" + dates, all, of, range, true, "seed " + seed);
        compareLearnerList(pages, lesson, all, range, "seed " + seed);
      }
      for (long course : List.of(courseA, courseB)) {
        compareCourse(api, admin, course, lessons, all, range, "seed " + seed);
      }
      Set<Long> ofA = idsOf(lessons, courseA);
      compare(api, teacher, dates, all, r -> ofA.contains(r.id()), range, false, "seed " + seed);
      compare(api, admin, dates, all, r -> true, range, false, "seed " + seed);
    }

    // A lesson moves to the other course once sessions of learners seen nowhere else have been
    // rolled up: both courses count their learners again (the moved lesson's own learners now
    // count in course A only), and the sessions settled afterwards count under the new course.
    writeRandomSessions(random, List.of(lessons.get(3)), 60, "moved-");
    awaitSettled();
    List<LessonRef> moved = new ArrayList<>(lessons);
    moved.set(3, catalog.move(lessons.get(3), courseA, 125));
    writeRandomSessions(random, moved, 150);
    awaitSettled();
    all = load();
    for (long course : List.of(courseA, courseB)) {
      compareCourse(api, admin, course, moved, all, ranges.get(0), "after a move, seed " + seed);
    }
    assertCoverageExact("after a move, seed " + seed);
    assertLearnerDaysExact("after a move, seed " + seed);

    // Erasing learners takes their settled sessions out of every roll-up and the rest away:
    // every report then equals the from-scratch computation over the sessions that remain.
    String prefix = "rl-" + run + "-";
    List<String> ours = // those with a rolled-up session: their erasure changes the roll-ups
        all.stream()
            .filter(r -> r.learner().startsWith(prefix) && r.rolledUp())
            .map(Row::learner)
            .distinct()
            .sorted()
            .toList();
    Set<String> erased = new java.util.TreeSet<>();
    while (erased.size() < 4) {
      erased.add(ours.get(random.nextInt(ours.size())));
    }
    String eraser = "eraser-" + run;
    String erasing = TestTokens.token(eraser, List.of("admin"));
    for (String learner : erased) {
      List<Row> theirs = all.stream().filter(r -> r.learner().equals(learner)).toList();
      assertTrue(theirs.stream().anyMatch(Row::rolledUp), "erasing rolled-up sessions: " + learner);
      ApiClient.Reply reply =
          api.send(api.request("api/v1/admin/learners/" + learner, erasing).DELETE());
      assertEquals(200, reply.status(), reply::toString);
      assertEquals(theirs.size(), reply.json().getJsonNumber("sessions").longValue(), learner);
    }
    all = load();
    for (Row row : all) {
      assertFalse(erased.contains(row.learner()), "nothing left of " + row.learner());
    }
    String after = "after erasing " + erased + ", seed " + seed;
    assertCoverageExact(after);
    assertLearnerDaysExact(after);
    Set<Long> ofAAfter = idsOf(moved, courseA);
    for (LocalDate[] range : ranges) {
      String dates = "from=" + range[0] + "&to=" + range[1];
      for (LessonRef lesson : moved) {
        String scope = "content_kind=" + lesson.kind() + "&content_id=" + lesson.id();
        Predicate<Row> of = r -> r.kind().equals(lesson.kind()) && r.id() == lesson.id();
        compare(api, admin, scope + "&" + dates, all, of, range, true, after);
        compareLearnerList(pages, lesson, all, range, after);
      }
      for (long course : List.of(courseA, courseB)) {
        compareCourse(api, admin, course, moved, all, range, after);
      }
      compare(api, teacher, dates, all, r -> ofAAfter.contains(r.id()), range, false, after);
      compare(api, admin, dates, all, r -> true, range, false, after);
    }
    assertEquals(
        (long) erased.size(),
        ((Number)
                TestDatabase.value(
                    "SELECT count(*) FROM learner_erasures WHERE erased_by = ? AND sessions > 0",
                    eraser))
            .longValue(),
        "an audit record each, by the admin who erased");
  }

  /**
   * The lessons each of this run's learners completed by coverage (V13, which the at-risk list
   * reads) are those of their rolled-up sessions, each with the start day of the latest.
   */
  private void assertCoverageExact(String what) {
    String learners = "rl-" + run + "-%";
    String sql =
        """
        WITH kept AS (
          SELECT learner_sub, content_kind, content_id, last_day FROM learner_lesson_coverage
          WHERE learner_sub LIKE ?),
        scratch AS (
          SELECT ws.learner_sub, ws.content_kind, ws.content_id,
            max(CAST(ws.started_at AT TIME ZONE st.time_zone AS date)) AS last_day
          FROM watch_sessions ws CROSS JOIN session_rollup_state st
          WHERE ws.rolled_up AND ws.coverage_completed_at IS NOT NULL AND ws.learner_sub LIKE ?
          GROUP BY 1, 2, 3)
        SELECT (SELECT count(*) FROM (TABLE kept EXCEPT TABLE scratch) d)
          + (SELECT count(*) FROM (TABLE scratch EXCEPT TABLE kept) d)
          + CASE WHEN EXISTS (SELECT 1 FROM scratch) THEN 0 ELSE 1000000 END
        """;
    assertEquals(
        0L,
        ((Number) TestDatabase.value(sql, learners, learners)).longValue(),
        "lessons completed by coverage per learner (1000000: none at all), " + what);
  }

  /**
   * Each of this run's learners' figures per lesson and day (V16, which a lesson's learner list
   * reads) are those of their rolled-up sessions of the lesson that started that day.
   */
  private void assertLearnerDaysExact(String what) {
    String learners = "rl-" + run + "-%";
    String sql =
        """
        WITH kept AS (
          SELECT content_kind, content_id, day, learner_sub, sessions, furthest_sec,
            duration_sec, completed, last_seen
          FROM lesson_learner_days WHERE learner_sub LIKE ?),
        scratch AS (
          SELECT ws.content_kind, ws.content_id,
            CAST(ws.started_at AT TIME ZONE st.time_zone AS date), ws.learner_sub,
            CAST(count(*) AS integer) AS sessions, max(ws.max_position_sec), max(ws.duration_sec),
            bool_or(ws.completed_at IS NOT NULL), max(ws.last_heartbeat_at)
          FROM watch_sessions ws CROSS JOIN session_rollup_state st
          WHERE ws.rolled_up AND ws.learner_sub LIKE ?
          GROUP BY 1, 2, 3, 4)
        SELECT (SELECT count(*) FROM (TABLE kept EXCEPT TABLE scratch) d)
          + (SELECT count(*) FROM (TABLE scratch EXCEPT TABLE kept) d)
          + CASE WHEN EXISTS (SELECT 1 FROM scratch WHERE sessions > 1) THEN 0 ELSE 1000000 END
        """;
    assertEquals(
        0L,
        ((Number) TestDatabase.value(sql, learners, learners)).longValue(),
        "each learner's days per lesson (1000000: no day with two sessions), " + what);
  }

  /**
   * The lesson's learner list (its {@code learners.csv}: rolled-up days and unsettled sessions)
   * equals the same list computed from scratch from the sessions: per learner in the range, the
   * furthest position, whether one completed, how many sessions, the last heartbeat; the most
   * recently seen first.
   */
  private static void compareLearnerList(
      DashboardClient pages, LessonRef lesson, List<Row> all, LocalDate[] range, String what) {
    Instant from = range[0].atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant to = range[1].atStartOfDay(ZoneOffset.UTC).toInstant();
    Map<String, List<Row>> byLearner = new TreeMap<>();
    for (Row row : all) {
      if (row.kind().equals(lesson.kind())
          && row.id() == lesson.id()
          && !row.started().isBefore(from)
          && row.started().isBefore(to)) {
        byLearner.computeIfAbsent(row.learner(), l -> new ArrayList<>()).add(row);
      }
    }
    List<String> expected =
        byLearner.entrySet().stream()
            .sorted(
                Comparator.comparing((Map.Entry<String, List<Row>> e) -> lastSeen(e.getValue()))
                    .reversed()
                    .thenComparing(Map.Entry::getKey))
            .map(
                e ->
                    String.join(
                        ",",
                        e.getKey(),
                        String.valueOf(
                            e.getValue().stream().mapToInt(Row::maxPosition).max().orElseThrow()),
                        String.valueOf(e.getValue().stream().anyMatch(Row::completed)),
                        String.valueOf(e.getValue().size()),
                        lastSeen(e.getValue()).toString()))
            .toList();
    var csv =
        pages.get(
            "dashboard/lessons/"
                + lesson.kind()
                + "/"
                + lesson.id()
                + "/learners.csv?from="
                + range[0]
                + "&to="
                + range[1].minusDays(1));
    assertEquals(200, csv.statusCode(), csv::body);
    List<String> actual =
        List.of(csv.body().split("\r\n")).stream()
            .skip(1)
            .map(line -> line.split(","))
            .map(f -> String.join(",", f[0], f[5], f[6], f[7], f[8]))
            .toList();
    assertEquals(
        expected,
        actual,
        "learners of " + lesson + " in " + range[0] + "/" + range[1] + ", " + what);
  }

  private static Instant lastSeen(List<Row> rows) {
    return rows.stream().map(Row::lastHeartbeat).max(Instant::compareTo).orElseThrow();
  }

  private void compareCourse(
      ApiClient api,
      String token,
      long course,
      List<LessonRef> lessons,
      List<Row> all,
      LocalDate[] range,
      String seed) {
    Set<Long> ids = idsOf(lessons, course);
    compare(
        api,
        token,
        "course_id=" + course + "&from=" + range[0] + "&to=" + range[1],
        all,
        r -> ids.contains(r.id()),
        range,
        false,
        seed);
  }

  private static Set<Long> idsOf(List<LessonRef> lessons, long course) {
    return lessons.stream()
        .filter(l -> l.courseId() == course)
        .map(LessonRef::id)
        .collect(Collectors.toSet());
  }

  private void compare(
      ApiClient api,
      String token,
      String query,
      List<Row> all,
      Predicate<Row> scope,
      LocalDate[] range,
      boolean lesson,
      String seed) {
    Instant from = range[0].atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant to = range[1].atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant idleBefore = Instant.now().minus(GAP);
    List<Row> rows =
        all.stream()
            .filter(scope)
            .filter(r -> !r.started().isBefore(from) && r.started().isBefore(to))
            .toList();
    String what = query + " (" + seed + ")";

    JsonObject summary = get(api, "summary?" + query, token);
    List<Row> known = rows.stream().filter(r -> r.duration() != null).toList();
    List<Row> closed = rows.stream().filter(r -> r.closed(idleBefore)).toList();
    List<Row> withCoverage =
        rows.stream().filter(r -> r.coverage() && r.duration() != null).toList();
    Set<String> learners = rows.stream().map(Row::learner).collect(Collectors.toSet());
    Set<String> completers =
        rows.stream().filter(Row::completed).map(Row::learner).collect(Collectors.toSet());
    assertEquals(rows.size(), summary.getInt("sessions"), what);
    assertEquals(learners.size(), summary.getInt("learners"), what);
    assertEquals(count(rows, Row::completed), summary.getInt("completed_sessions"), what);
    assertEquals(count(rows, r -> r.number() > 1), summary.getInt("return_sessions"), what);
    assertEquals(closed.size(), summary.getInt("closed_sessions"), what);
    assertEquals(count(closed, r -> !r.completed()), summary.getInt("dropped_sessions"), what);
    assertEquals(known.size(), summary.getInt("sessions_with_duration"), what);
    assertEquals(withCoverage.size(), summary.getInt("sessions_with_coverage"), what);
    assertEquals(
        count(rows, Row::coverageCompleted), summary.getInt("coverage_completed_sessions"), what);
    assertEquals(
        count(rows, r -> r.coverage() && r.completed() && r.watchedSec() * 2 < r.duration()),
        summary.getInt("skipped_ahead_sessions"),
        what);
    assertRate(share(count(rows, Row::completed), rows.size()), summary, "completion_rate", what);
    assertRate(share(completers.size(), learners.size()), summary, "learner_completion_rate", what);
    assertRate(
        share(count(closed, r -> !r.completed()), closed.size()), summary, "drop_off_rate", what);
    assertRate(
        known.isEmpty()
            ? null
            : known.stream()
                    .mapToDouble(r -> Math.min(1.0, (double) r.maxPosition() / r.duration()))
                    .sum()
                / known.size(),
        summary,
        "average_percent_watched",
        what);
    assertRate(
        share(count(known, r -> r.maxPosition() * 4L >= r.duration()), known.size()),
        summary,
        "reached_25",
        what);
    assertRate(
        share(count(known, r -> r.maxPosition() * 4L >= r.duration() * 3L), known.size()),
        summary,
        "reached_75",
        what);

    JsonObject retention = get(api, "retention?" + query, token);
    assertEquals(known.size(), retention.getInt("sessions"), what);
    for (int k = 0; k <= 100 && !known.isEmpty(); k++) {
      int point = k;
      assertEquals(
          (double) count(known, r -> r.point() >= point) / known.size(),
          retention.getJsonArray("retention").getJsonNumber(k).doubleValue(),
          EXACT,
          what + " retention point " + k);
    }
    long[] drops = new long[100];
    known.stream()
        .filter(r -> r.closed(idleBefore) && !r.completed())
        .forEach(r -> drops[Math.min(r.point(), 99)]++);
    for (int k = 0; k < 100; k++) {
      assertEquals(
          drops[k],
          retention.getJsonArray("drop_off_histogram").getJsonNumber(k).longValue(),
          what + " drop-off bucket " + k);
    }

    Map<String, long[]> days = new TreeMap<>();
    for (Row r : rows) {
      long[] day =
          days.computeIfAbsent(
              r.started().atZone(ZoneOffset.UTC).toLocalDate().toString(), d -> new long[3]);
      day[0]++;
      day[1] += r.completed() ? 1 : 0;
      day[2] += r.number() > 1 ? 1 : 0;
    }
    for (JsonValue value : get(api, "daily?" + query, token).getJsonArray("days")) {
      JsonObject day = value.asJsonObject();
      long[] expected = days.getOrDefault(day.getString("date"), new long[3]);
      assertEquals(expected[0], day.getInt("sessions"), what + " " + day);
      assertEquals(expected[1], day.getInt("completed"), what + " " + day);
      assertEquals(expected[2], day.getInt("replays"), what + " " + day);
    }

    if (lesson) {
      compareCoverage(get(api, "coverage?" + query, token), rows, withCoverage, what);
    }
  }

  private void compareCoverage(
      JsonObject coverage, List<Row> rows, List<Row> withCoverage, String what) {
    assertEquals(withCoverage.size(), coverage.getInt("sessions_with_coverage"), what);
    for (int k = 0; k <= 100 && !withCoverage.isEmpty(); k++) {
      int point = k;
      assertEquals(
          (double)
                  count(
                      withCoverage,
                      r ->
                          r.watched()
                              .contains(
                                  Math.min(
                                      r.duration() - 1, (int) ((long) point * r.duration() / 100))))
              / withCoverage.size(),
          coverage.getJsonArray("coverage_retention").getJsonNumber(k).doubleValue(),
          EXACT,
          what + " coverage point " + k);
    }
    Map<Integer, long[]> stretches = new TreeMap<>();
    rows.stream()
        .filter(Row::coverage)
        .forEach(
            r -> {
              for (int i = 0; i < Math.max(r.playedDs().length, r.seenSec().length); i++) {
                long[] s = stretches.computeIfAbsent(i, x -> new long[3]);
                long seen = i < r.seenSec().length ? r.seenSec()[i] : 0;
                s[0] += seen > 0 ? 1 : 0;
                s[1] += i < r.playedDs().length ? r.playedDs()[i] : 0;
                s[2] += seen;
              }
            });
    List<long[]> expected =
        stretches.entrySet().stream()
            .filter(e -> e.getValue()[2] > 0)
            .map(e -> new long[] {e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]})
            .toList();
    var rewatch = coverage.getJsonArray("rewatch");
    assertEquals(expected.size(), rewatch.size(), what + " rewatch stretches");
    for (int i = 0; i < expected.size(); i++) {
      long[] e = expected.get(i);
      JsonObject actual = rewatch.getJsonObject(i);
      assertEquals(e[0] * 10, actual.getInt("from_sec"), what);
      assertEquals(e[1], actual.getInt("sessions"), what + " stretch " + e[0]);
      assertEquals(
          e[2] / (10.0 * e[3]),
          actual.getJsonNumber("plays_per_second").doubleValue(),
          EXACT,
          what + " stretch " + e[0]);
    }
  }

  /** Writes {@code n} more sessions, numbered on from earlier ones; returns how many. */
  private int writeRandomSessions(Random random, List<LessonRef> lessons, int n)
      throws SQLException {
    return writeRandomSessions(random, lessons, n, "");
  }

  /** {@link #writeRandomSessions} for 40 learners named rl-RUN-{@code learners}n. */
  private int writeRandomSessions(Random random, List<LessonRef> lessons, int n, String learners)
      throws SQLException {
    Instant now = Instant.now();
    String sql =
        "INSERT INTO watch_sessions (session_id, learner_sub, content_kind, content_id,"
            + " session_number, started_at, last_heartbeat_at, ended_at, completed_at,"
            + " duration_sec, duration_reported, max_position_sec, heartbeat_count,"
            + " coverage_tracked, watched, watched_sec, coverage_completed_at,"
            + " played_ds_by_10s, seen_sec_by_10s) VALUES"
            + " (4000000000000000000 + nextval('test_fixture_session_ids'), ?, ?, ?, ?, ?, ?, ?,"
            + " ?, ?, true, ?, 1, ?, CAST(? AS int4multirange), ?, ?, ?, ?)";
    try (Connection connection = TestDatabase.connect()) {
      connection
          .createStatement()
          .execute("CREATE SEQUENCE IF NOT EXISTS test_fixture_session_ids");
      try (var insert = connection.prepareStatement(sql)) {
        for (int i = 0; i < n; i++) {
          String learner = "rl-" + run + "-" + learners + random.nextInt(40);
          LessonRef lesson = lessons.get(random.nextInt(lessons.size()));
          int number = numbers.merge(learner + lesson.id(), 1, Integer::sum);
          boolean active = random.nextInt(8) == 0;
          Instant started =
              active
                  ? now.minus(Duration.ofMinutes(5 + random.nextInt(20)))
                  : now.minus(Duration.ofMinutes(40 + random.nextInt(28 * 24 * 60)));
          Instant last =
              active
                  ? now.minus(Duration.ofMinutes(2 + random.nextInt(3)))
                  : started.plus(Duration.ofSeconds(random.nextInt(1800)));
          Integer duration =
              random.nextInt(6) == 0 ? null : new int[] {125, 300, 600, 900}[random.nextInt(4)];
          int limit = duration == null ? 700 : duration;
          int max = random.nextInt(3) == 0 ? limit : random.nextInt(limit + 1);
          boolean completed = duration != null && max * 100 >= duration * 90;
          boolean ended = random.nextInt(3) == 0 && !active || random.nextInt(10) == 0;
          boolean coverage = random.nextInt(3) != 0;
          Set<Integer> watched = new HashSet<>();
          long[] played = new long[0];
          long[] seen = new long[0];
          if (coverage) {
            int ranges = 1 + random.nextInt(3);
            if (random.nextInt(4) == 0) { // played straight through: may complete by coverage
              for (int s = 0; s < limit && s <= max; s++) {
                watched.add(s);
              }
            }
            for (int j = 0; j < ranges; j++) {
              int a = random.nextInt(limit);
              int b = Math.min(limit, a + 1 + random.nextInt(limit / 2 + 1));
              for (int s = a; s < b && s <= max; s++) {
                watched.add(s);
              }
            }
            played = new long[(limit + 9) / 10];
            seen = new long[played.length];
            for (int s : watched) {
              seen[s / 10]++;
            }
            for (int j = 0; j < seen.length; j++) {
              played[j] = seen[j] * (10 + random.nextInt(25));
            }
          }
          boolean coverageCompleted =
              coverage && duration != null && watched.size() * 100 >= duration * 90;
          insert.setString(1, learner);
          insert.setString(2, lesson.kind());
          insert.setLong(3, lesson.id());
          insert.setInt(4, number);
          insert.setTimestamp(5, Timestamp.from(started));
          insert.setTimestamp(6, Timestamp.from(last));
          insert.setTimestamp(7, ended ? Timestamp.from(last) : null);
          insert.setTimestamp(8, completed ? Timestamp.from(last) : null);
          insert.setObject(9, duration);
          insert.setInt(10, max);
          insert.setBoolean(11, coverage);
          insert.setString(12, multirange(watched));
          insert.setInt(13, watched.size());
          insert.setTimestamp(14, coverageCompleted ? Timestamp.from(last) : null);
          insert.setArray(15, connection.createArrayOf("integer", boxed(played)));
          insert.setArray(16, connection.createArrayOf("integer", boxed(seen)));
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
    return n;
  }

  /** Waits until the job has rolled up every session it may. */
  private static void awaitSettled() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (((Number)
                TestDatabase.value(
                    "SELECT count(*) FROM watch_sessions WHERE NOT rolled_up AND (ended_at IS NOT"
                        + " NULL OR last_heartbeat_at < now() - interval '30 minutes')"))
            .longValue()
        > 0) {
      assertTrue(System.nanoTime() < deadline, "the roll-up job settles within a minute");
      Thread.sleep(200);
    }
  }

  private static Map<String, Long> rolledUpCounts(List<LessonRef> lessons) {
    String ids = lessons.stream().map(l -> String.valueOf(l.id())).collect(Collectors.joining(","));
    return Map.of(
        "settled",
        ((Number)
                TestDatabase.value(
                    "SELECT count(*) FROM watch_sessions WHERE rolled_up AND content_id IN ("
                        + ids
                        + ")"))
            .longValue(),
        "active",
        ((Number)
                TestDatabase.value(
                    "SELECT count(*) FROM watch_sessions WHERE NOT rolled_up AND content_id IN ("
                        + ids
                        + ")"))
            .longValue());
  }

  private List<Row> load() throws SQLException {
    String sql =
        "SELECT learner_sub, content_kind, content_id, session_number, started_at,"
            + " last_heartbeat_at, ended_at IS NOT NULL, completed_at IS NOT NULL, duration_sec,"
            + " max_position_sec, coverage_tracked, CAST(watched AS text), watched_sec,"
            + " coverage_completed_at IS NOT NULL, played_ds_by_10s, seen_sec_by_10s, rolled_up"
            + " FROM watch_sessions";
    List<Row> rows = new ArrayList<>();
    try (Connection connection = TestDatabase.connect();
        ResultSet r = connection.createStatement().executeQuery(sql)) {
      while (r.next()) {
        rows.add(
            new Row(
                r.getString(1),
                r.getString(2),
                r.getLong(3),
                r.getInt(4),
                r.getTimestamp(5).toInstant(),
                r.getTimestamp(6).toInstant(),
                r.getBoolean(7),
                r.getBoolean(8),
                (Integer) r.getObject(9),
                r.getInt(10),
                r.getBoolean(11),
                seconds(r.getString(12)),
                r.getInt(13),
                r.getBoolean(14),
                longs(r.getArray(15)),
                longs(r.getArray(16)),
                r.getBoolean(17),
                r.getString(1).startsWith("rl-" + run + "-")));
      }
    }
    return rows;
  }

  private static JsonObject get(ApiClient api, String path, String token) {
    var reply = api.get(ANALYTICS + path, token);
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  private static void assertRate(Double expected, JsonObject json, String name, String what) {
    JsonValue actual = json.get(name);
    if (expected == null) {
      assertEquals(JsonValue.NULL, actual, what + " " + name);
    } else {
      assertEquals(expected, ((JsonNumber) actual).doubleValue(), EXACT, what + " " + name);
    }
  }

  private static Double share(long part, long whole) {
    return whole == 0 ? null : (double) part / whole;
  }

  private static long count(List<Row> rows, Predicate<Row> test) {
    return rows.stream().filter(test).count();
  }

  private static String multirange(Set<Integer> seconds) {
    List<Integer> sorted = seconds.stream().sorted().toList();
    StringBuilder text = new StringBuilder("{");
    for (int i = 0; i < sorted.size(); ) {
      int j = i;
      while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
        j++;
      }
      text.append(text.length() > 1 ? "," : "")
          .append('[')
          .append(sorted.get(i))
          .append(',')
          .append(sorted.get(j) + 1)
          .append(')');
      i = j + 1;
    }
    return text.append('}').toString();
  }

  /** The seconds of a multirange's text form, such as {[0,5),[17,20)}. */
  private static Set<Integer> seconds(String multirange) {
    Set<Integer> seconds = new HashSet<>();
    var range = java.util.regex.Pattern.compile("\\[(\\d+),(\\d+)\\)").matcher(multirange);
    while (range.find()) {
      for (int s = Integer.parseInt(range.group(1)); s < Integer.parseInt(range.group(2)); s++) {
        seconds.add(s);
      }
    }
    return seconds;
  }

  private static long[] longs(Array array) throws SQLException {
    Object[] values = (Object[]) array.getArray();
    long[] longs = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      longs[i] = ((Number) values[i]).longValue();
    }
    return longs;
  }

  private static Integer[] boxed(long[] values) {
    Integer[] boxed = new Integer[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = (int) values[i];
    }
    return boxed;
  }
}
