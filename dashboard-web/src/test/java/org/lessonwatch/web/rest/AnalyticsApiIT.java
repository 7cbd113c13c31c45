package org.lessonwatch.web.rest;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lessonwatch.web.rest.HeartbeatApiIT.assertProblem;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lessonwatch.web.testing.ApiClient;
import org.lessonwatch.web.testing.ApiClient.Reply;
import org.lessonwatch.web.testing.Catalog;
import org.lessonwatch.web.testing.Catalog.LessonRef;
import org.lessonwatch.web.testing.Deployments;
import org.lessonwatch.web.testing.SessionFixture;
import org.lessonwatch.web.testing.TestDatabase;
import org.lessonwatch.web.testing.TestTokens;
import org.lessonwatch.web.testing.Viewer;

/**
 * The analytics API's numbers, exactly, on sessions written with known timestamps, in a zone far
 * from UTC so that day boundaries are tested: Pacific/Auckland is UTC+13 in January.
 */
@ExtendWith(ArquillianExtension.class)
class AnalyticsApiIT {

  static final ZoneId ZONE = ZoneId.of("Pacific/Auckland");
  static final String SUMMARY = "api/v1/videos/engagement/analytics/summary";
  static final double EXACT = 1e-9;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.engagementWar(Map.of("engagement.time-zone", ZONE.getId()));
  }

  @ArquillianResource URL base;

  ApiClient api;
  Catalog catalog;
  SessionFixture fixture = new SessionFixture(ZONE);
  String instructorA = "ins-a-" + UUID.randomUUID();
  String instructorB = "ins-b-" + UUID.randomUUID();
  long courseA;
  long courseB;
  LessonRef lesson1;
  LessonRef lesson2;
  LessonRef lesson3;
  String tomorrow;

  /**
   * Course A: lesson 1 (600 s) and lesson 2 (duration unknown); course B: lesson 3. In the range
   * 2026-01-10 … tomorrow, course A has five sessions:
   *
   * <pre>
   * s1 u1 L1 #1 01-10 09:00  ended, completed, 580/600     closed
   * s2 u1 L1 #2 01-11 09:00  idle since 09:05, 120/600     closed, dropped (bucket 20)
   * s3 u2 L1 #1 01-11 12:00  ended, 300/600                closed, dropped (bucket 50)
   * s4 u3 L2 #1 01-12 00:00  idle, 50/unknown              closed, dropped (no bucket)
   * s5 u4 L1 #1 now          last heartbeat a minute ago, 450/600: active
   * </pre>
   *
   * Outside the range: one session just before it (01-09 23:59 local) and one on 2025-12-01.
   */
  @BeforeEach
  void setUp() {
    api = new ApiClient(base);
    catalog = new Catalog(api);
    courseA = catalog.course(instructorA);
    courseB = catalog.course(instructorB);
    lesson1 = catalog.lessonOf(courseA, 600);
    lesson2 = catalog.lessonOf(courseA, null);
    lesson3 = catalog.lessonOf(courseB, 600);
    tomorrow = LocalDate.now(ZONE).plusDays(1).toString();

    Instant now = Instant.now();
    fixture.session(
        "u1",
        lesson1,
        1,
        t("01-10T09:00"),
        t("01-10T09:10"),
        t("01-10T09:10"),
        t("01-10T09:09"),
        600,
        580);
    fixture.session("u1", lesson1, 2, t("01-11T09:00"), t("01-11T09:05"), null, null, 600, 120);
    fixture.session(
        "u2", lesson1, 1, t("01-11T12:00"), t("01-11T12:05"), t("01-11T12:05"), null, 600, 300);
    fixture.session("u3", lesson2, 1, t("01-12T00:00"), t("01-12T00:02"), null, null, null, 50);
    fixture.session(
        "u4",
        lesson1,
        1,
        now.minus(Duration.ofMinutes(5)),
        now.minus(Duration.ofMinutes(1)),
        null,
        null,
        600,
        450);
    fixture.session(
        "u5", lesson1, 1, t("01-09T23:59"), t("01-10T00:20"), null, t("01-10T00:20"), 600, 600);
    fixture.session(
        "u6",
        lesson1,
        1,
        fixture.at("2025-12-01T10:00"),
        fixture.at("2025-12-01T10:10"),
        null,
        null,
        600,
        10);
    fixture.session(
        "u7",
        lesson3,
        1,
        t("01-11T10:00"),
        t("01-11T10:30"),
        t("01-11T10:30"),
        t("01-11T10:29"),
        600,
        600);
  }

  private Instant t(String monthDayTime) {
    return fixture.at("2026-" + monthDayTime);
  }

  @Test
  void summarisesCourseExactly() {
    JsonObject s =
        get(SUMMARY + "?course_id=" + courseA + "&from=2026-01-10&to=" + tomorrow, instructorA);

    assertAll(
        () -> assertEquals(5, s.getInt("sessions")),
        () -> assertEquals(4, s.getInt("learners")),
        () -> assertEquals(0.2, rate(s, "completion_rate"), EXACT),
        () -> assertEquals(0.25, rate(s, "learner_completion_rate"), EXACT),
        () -> assertEquals(0.2, rate(s, "replay_rate"), EXACT),
        () -> assertEquals(0.75, rate(s, "drop_off_rate"), EXACT),
        () ->
            assertEquals(
                (580 + 120 + 300 + 450) / 600.0 / 4, rate(s, "average_percent_watched"), EXACT),
        () -> assertEquals(0.75, rate(s, "reached_25"), EXACT),
        () -> assertEquals(0.75, rate(s, "reached_50"), EXACT),
        () -> assertEquals(0.5, rate(s, "reached_75"), EXACT),
        () -> assertEquals(4, s.getInt("closed_sessions")),
        () -> assertEquals(3, s.getInt("dropped_sessions")),
        () ->
            assertEquals(courseA, s.getJsonObject("scope").getJsonNumber("course_id").longValue()),
        () -> assertEquals("2026-01-10", s.getJsonObject("period").getString("from")));
  }

  @Test
  void countsDaysInConfiguredZoneWithExclusiveEnd() {
    JsonObject s =
        get(SUMMARY + "?course_id=" + courseA + "&from=2026-01-10&to=2026-01-12", instructorA);

    assertEquals(
        3, s.getInt("sessions"), "s1, s2, s3; s4 starts at 01-12 00:00, the exclusive end");
  }

  @Test
  void summarisesOneLesson() {
    JsonObject s =
        get(
            SUMMARY
                + "?content_kind=lms_lesson&content_id="
                + lesson1.id()
                + "&from=2026-01-10&to="
                + tomorrow,
            instructorA);

    assertAll(
        () -> assertEquals(4, s.getInt("sessions")),
        () -> assertEquals(3, s.getInt("learners")),
        () -> assertEquals(0.25, rate(s, "completion_rate"), EXACT),
        () -> assertEquals(2.0 / 3, rate(s, "drop_off_rate"), EXACT));
  }

  @Test
  void drawsRetentionCurveAndDropOffHistogram() {
    JsonObject r =
        get(
            "api/v1/videos/engagement/analytics/retention?course_id="
                + courseA
                + "&from=2026-01-10&to="
                + tomorrow,
            instructorA);

    JsonArray retention = r.getJsonArray("retention");
    JsonArray histogram = r.getJsonArray("drop_off_histogram");
    assertEquals(100, r.getInt("points"));
    assertEquals(4, r.getInt("sessions"), "sessions with a known duration");
    assertEquals(101, retention.size());
    assertAll(
        () -> assertEquals(1.0, retention.getJsonNumber(0).doubleValue(), EXACT),
        () -> assertEquals(1.0, retention.getJsonNumber(20).doubleValue(), EXACT),
        () -> assertEquals(0.75, retention.getJsonNumber(21).doubleValue(), EXACT),
        () -> assertEquals(0.75, retention.getJsonNumber(50).doubleValue(), EXACT),
        () -> assertEquals(0.5, retention.getJsonNumber(51).doubleValue(), EXACT),
        () -> assertEquals(0.5, retention.getJsonNumber(75).doubleValue(), EXACT),
        () -> assertEquals(0.25, retention.getJsonNumber(96).doubleValue(), EXACT),
        () -> assertEquals(0.0, retention.getJsonNumber(97).doubleValue(), EXACT),
        () -> assertEquals(0.0, retention.getJsonNumber(100).doubleValue(), EXACT));
    assertEquals(100, histogram.size());
    for (int k = 0; k < 100; k++) {
      int expected = k == 20 || k == 50 ? 1 : 0;
      assertEquals(expected, histogram.getInt(k), "bucket " + k);
    }
  }

  @Test
  void listsEveryDayOfRangeInConfiguredZone() {
    JsonArray days =
        get(
                "api/v1/videos/engagement/analytics/daily?course_id="
                    + courseA
                    + "&from=2026-01-09&to=2026-01-13",
                instructorA)
            .getJsonArray("days");

    assertEquals(4, days.size());
    assertDay(days.getJsonObject(0), "2026-01-09", 1, 1, 0);
    assertDay(days.getJsonObject(1), "2026-01-10", 1, 1, 0);
    assertDay(days.getJsonObject(2), "2026-01-11", 2, 0, 1);
    assertDay(days.getJsonObject(3), "2026-01-12", 1, 0, 0);
  }

  @Test
  void answersNullRatesForRangeWithoutSessions() {
    JsonObject s =
        get(SUMMARY + "?course_id=" + courseA + "&from=2024-01-01&to=2024-01-02", instructorA);
    JsonObject r =
        get(
            "api/v1/videos/engagement/analytics/retention?course_id="
                + courseA
                + "&from=2024-01-01&to=2024-01-02",
            instructorA);

    assertEquals(0, s.getInt("sessions"));
    for (String rate :
        List.of(
            "completion_rate",
            "learner_completion_rate",
            "replay_rate",
            "drop_off_rate",
            "average_percent_watched",
            "reached_25",
            "reached_50",
            "reached_75")) {
      assertTrue(s.isNull(rate), rate + " is null");
    }
    assertTrue(r.getJsonArray("retention").isEmpty());
  }

  @Test
  void showsInstructorsOnlyTheirOwnCourses() {
    String range = "&from=2026-01-10&to=" + tomorrow;

    Reply otherCourse = api.get(SUMMARY + "?course_id=" + courseA + range, token(instructorB));
    Reply otherLesson =
        api.get(
            SUMMARY + "?content_kind=lms_lesson&content_id=" + lesson1.id() + range,
            token(instructorB));
    JsonObject everythingOfB = get(SUMMARY + "?from=2026-01-10&to=" + tomorrow, instructorB);

    assertEquals(403, otherCourse.status(), otherCourse::toString);
    assertProblem(otherCourse, 403);
    assertEquals(403, otherLesson.status(), otherLesson::toString);
    assertEquals(1, everythingOfB.getInt("sessions"), "only course B's session");
    assertEquals(1.0, rate(everythingOfB, "completion_rate"), EXACT);
  }

  @Test
  void showsAdminsEveryCourseAndOthersNothing() {
    String query = SUMMARY + "?course_id=" + courseA + "&from=2026-01-10&to=" + tomorrow;

    Reply admin = api.get(query, TestTokens.admin());
    Reply learner = api.get(query, TestTokens.learner("u1"));
    Reply noToken = api.get(query, null);

    assertEquals(200, admin.status(), admin::toString);
    assertEquals(5, admin.json().getInt("sessions"));
    assertEquals(403, learner.status(), learner::toString);
    assertEquals(401, noToken.status(), noToken::toString);
  }

  @Test
  void rejectsBadParameters() {
    String admin = TestTokens.admin();

    for (String query :
        List.of(
            "?course_id=abc",
            "?course_id=1&content_kind=lms_lesson&content_id=1",
            "?content_kind=webinar&content_id=1",
            "?content_kind=lms_lesson",
            "?from=2026-02-30",
            "?from=2026-03-01&to=2026-02-01",
            "?from=2000-01-01&to=2026-01-01")) {
      Reply reply = api.get(SUMMARY + query, admin);
      assertEquals(400, reply.status(), query + " " + reply);
      assertProblem(reply, 400);
    }
    Reply unknown = api.get(SUMMARY + "?course_id=" + Catalog.freshId(), admin);
    assertEquals(404, unknown.status(), unknown::toString);
  }

  @Test
  void rejectsOddDatesAndIdsNamingTheParameter() {
    String admin = TestTokens.admin();
    String lesson = "?content_kind=lms_lesson&content_id=";

    for (var odd :
        List.of(
            List.of("?from=%2B999999999-12-31", "from"),
            List.of("?from=-999999999-01-01&to=2026-01-01", "from"),
            List.of("?to=%2B999999999-12-31", "to"),
            List.of("?to=-999999999-01-01", "to"),
            List.of("?from=%2B10000-01-01", "from"),
            List.of("?from=1899-12-31&to=1900-01-02", "from"),
            List.of("?from=2026-1-5", "from"),
            List.of("?from=2026-01-01%00", "from"),
            List.of("?course_id=%2B" + courseA, "course_id"),
            List.of("?course_id=" + Catalog.arabicIndic(courseA), "course_id"),
            List.of(lesson + lesson1.id() + "%00", "content_id"),
            List.of(lesson + "%2B" + lesson1.id(), "content_id"))) {
      Reply reply = api.get(SUMMARY + odd.get(0), admin);
      CatalogApiIT.assertFields(reply, odd.get(1));
    }
  }

  @Test
  void answersForTheFirstAndLastSupportedDays() {
    String course = SUMMARY + "?course_id=" + courseA;

    JsonObject first = get(course + "&from=1900-01-01&to=1900-02-01", instructorA);
    JsonObject last = get(course + "&from=9999-12-31", instructorA);
    JsonObject before = get(course + "&to=1900-01-10", instructorA);

    assertEquals(0, first.getInt("sessions"));
    assertEquals("9999-12-31", last.getJsonObject("period").getString("from"));
    assertEquals("+10000-01-01", last.getJsonObject("period").getString("to"), "exclusive end");
    assertEquals("1900-01-01", before.getJsonObject("period").getString("from"), "not 1899-12-11");
  }

  @Test
  void countsHeartbeatsRecordedToday() {
    LessonRef lesson = catalog.lessonOf(courseA, 100);
    Viewer viewer = new Viewer(api, lesson);
    viewer.at(95);
    viewer.ended(95);
    viewer.at(10);

    JsonObject s = get(SUMMARY + "?content_kind=lms_lesson&content_id=" + lesson.id(), instructorA);

    assertEquals(2, s.getInt("sessions"), "default range: the last 30 days, today included");
    assertEquals(0.5, rate(s, "completion_rate"), EXACT);
    assertEquals(0.5, rate(s, "replay_rate"), EXACT);
    assertEquals(0.0, rate(s, "drop_off_rate"), EXACT, "session 2 is still active");
  }

  /**
   * Four viewers of a 100 s lesson, through the real heartbeat path: A watches it all; B watches 10
   * s and seeks to the end; C and D watch to 40 s, replaying 20-30 s twice more.
   */
  @Test
  void measuresCoverageRewatchAndSkippingAhead() {
    LessonRef lesson = catalog.lessonOf(courseA, 100);
    played(lesson, "a", "[[0, 50]]", 50, false);
    TestDatabase.startedEarlier("a-" + lesson.id(), Duration.ofSeconds(50)); // played for 50 s
    played(lesson, "a", "[[50, 100]]", 100, true);
    played(lesson, "b", "[[0, 10]]", 10, false);
    played(lesson, "b", "[[95, 100]]", 100, true);
    for (String viewer : List.of("c", "d")) {
      played(lesson, viewer, "[[0, 30], [20, 30], [20, 30]]", 30, false);
      played(lesson, viewer, "[[30, 40]]", 40, false);
    }
    String scope = "?content_kind=lms_lesson&content_id=" + lesson.id();

    JsonObject summary = get(SUMMARY + scope, instructorA);
    JsonObject coverage = get("api/v1/videos/engagement/analytics/coverage" + scope, instructorA);

    assertAll(
        "summary",
        () -> assertEquals(4, summary.getInt("sessions")),
        () -> assertEquals(0.5, rate(summary, "completion_rate"), EXACT, "by position: a, b"),
        () -> assertEquals(0.25, rate(summary, "coverage_completion_rate"), EXACT, "only a"),
        () -> assertEquals(4, summary.getInt("sessions_with_coverage")),
        () -> assertEquals(1, summary.getInt("skipped_ahead_sessions")));
    JsonArray retention = coverage.getJsonArray("coverage_retention");
    assertAll(
        "coverage retention",
        () -> assertEquals(101, retention.size()),
        () -> assertEquals(1.0, retention.getJsonNumber(0).doubleValue(), EXACT),
        () -> assertEquals(0.75, retention.getJsonNumber(25).doubleValue(), EXACT),
        () -> assertEquals(0.25, retention.getJsonNumber(50).doubleValue(), EXACT),
        () -> assertEquals(0.5, retention.getJsonNumber(96).doubleValue(), EXACT),
        () -> assertEquals(0.5, retention.getJsonNumber(100).doubleValue(), EXACT));
    JsonObject replayed = coverage.getJsonArray("rewatch").getJsonObject(2);
    assertEquals(20, replayed.getInt("from_sec"));
    assertEquals(3, replayed.getInt("sessions"));
    assertEquals(70 / 30.0, replayed.getJsonNumber("plays_per_second").doubleValue(), EXACT);
    JsonArray struggles = coverage.getJsonArray("struggle_points");
    assertEquals(1, struggles.size(), struggles::toString);
    assertEquals("rewatch", struggles.getJsonObject(0).getString("kind"));
    assertEquals(20, struggles.getJsonObject(0).getInt("from_sec"));
    JsonArray skipped = coverage.getJsonArray("skipped_ahead");
    assertEquals(1, skipped.size());
    assertEquals(15, skipped.getJsonObject(0).getInt("watched_sec"));
    assertEquals(
        0.15, skipped.getJsonObject(0).getJsonNumber("watched_percent").doubleValue(), EXACT);
  }

  @Test
  void asksForLessonScopeForCoverage() {
    Reply reply =
        api.get(
            "api/v1/videos/engagement/analytics/coverage?course_id=" + courseA, token(instructorA));

    assertEquals(400, reply.status(), reply::toString);
  }

  private void played(LessonRef lesson, String viewer, String ranges, int position, boolean ended) {
    Reply reply =
        api.post(
            Viewer.HEARTBEAT_PATH,
            TestTokens.learner(viewer + "-" + lesson.id()),
            "{\"content_kind\": \"lms_lesson\", \"content_id\": "
                + lesson.id()
                + ", \"position_sec\": "
                + position
                + ", \"ended\": "
                + ended
                + ", \"played\": "
                + ranges
                + "}");
    assertEquals(200, reply.status(), reply::toString);
  }

  private JsonObject get(String path, String instructor) {
    Reply reply = api.get(path, token(instructor));
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  private static String token(String instructor) {
    return TestTokens.token(instructor, List.of("instructor"));
  }

  private static double rate(JsonObject json, String name) {
    return json.getJsonNumber(name).doubleValue();
  }

  private static void assertDay(
      JsonObject day, String date, int sessions, int completed, int replays) {
    assertAll(
        date,
        () -> assertEquals(date, day.getString("date")),
        () -> assertEquals(sessions, day.getInt("sessions")),
        () -> assertEquals(completed, day.getInt("completed")),
        () -> assertEquals(replays, day.getInt("replays")));
  }
}
