package org.lessonwatch.web.rest;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lessonwatch.web.testing.ApiClient;
import org.lessonwatch.web.testing.ApiClient.Reply;
import org.lessonwatch.web.testing.Catalog;
import org.lessonwatch.web.testing.Catalog.LessonRef;
import org.lessonwatch.web.testing.DashboardClient;
import org.lessonwatch.web.testing.Deployments;
import org.lessonwatch.web.testing.MetricsScrape;
import org.lessonwatch.web.testing.TestDatabase;
import org.lessonwatch.web.testing.TestTokens;
import org.lessonwatch.web.testing.Viewer;

/** The heartbeat endpoint's contract: its answer and every row of the error table. */
@ExtendWith(ArquillianExtension.class)
class HeartbeatApiIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.engagementWar(
        Map.of("engagement.cors.allowed-origins", ALLOWED_ORIGIN + ", http://Localhost:9000/"));
  }

  /** A player's page on an LMS's own origin, allowed by the deployment's configuration. */
  static final String ALLOWED_ORIGIN = "https://lms.example.edu";

  @ArquillianResource URL base;

  ApiClient api;
  Catalog catalog;
  LessonRef lesson;

  @BeforeEach
  void setUp() {
    api = new ApiClient(base);
    catalog = new Catalog(api);
    lesson = catalog.lmsLesson(600);
  }

  /**
   * The application metrics in {@code /metrics} (Prometheus text, {@code mp_scope="application"})
   * move with what the service does: heartbeats by status, the writers' groups, the report pages,
   * the roll-up job, the token cache (docs/operations.md).
   */
  @Test
  void heartbeatsPagesAndTheRollupJobShowInTheApplicationMetrics() throws Exception {
    DashboardClient pages = DashboardClient.signedInAdmin(base);
    MetricsScrape before = MetricsScrape.settled(api);

    Viewer viewer = new Viewer(api, lesson);
    for (int i = 0; i < 3; i++) {
      assertEquals(200, viewer.at(10 * i, 600).status());
    }
    assertEquals(401, api.post(Viewer.HEARTBEAT_PATH, null, viewer.body(1, 600.0, false)).status());
    assertEquals(400, viewer.send("{\"content_kind\": 7}").status());
    assertEquals(
        200, api.get("api/v1/videos/engagement/analytics/summary", TestTokens.admin()).status());
    assertEquals(200, pages.get("dashboard").statusCode());
    assertEquals(
        200, pages.get("dashboard/lessons/" + lesson.kind() + "/" + lesson.id()).statusCode());
    assertEquals(200, viewer.ended(30).status()); // the fourth: rolled up at once
    MetricsScrape last =
        MetricsScrape.await(
            api,
            scrape ->
                scrape.increase(before, "lessonwatch_rollup_batch_ms_count", "") >= 1
                    && scrape.increase(before, "lessonwatch_heartbeats_total", "") >= 6
                    && scrape.increase(before, "lessonwatch_report_ms_count", "") >= 3);
    Files.writeString(Path.of("target", "metrics-scrape.txt"), last.text()); // to read on failure

    assertAll(
        () ->
            assertEquals(
                4, last.increase(before, "lessonwatch_heartbeats_total", "status=\"200\"")),
        () ->
            assertEquals(
                1, last.increase(before, "lessonwatch_heartbeats_total", "status=\"401\"")),
        () ->
            assertEquals(
                1, last.increase(before, "lessonwatch_heartbeats_total", "status=\"400\"")),
        () ->
            assertTrue(
                last.increase(before, "lessonwatch_heartbeat_group_size_count", "") >= 1,
                "a group per written heartbeat at most"),
        () ->
            assertTrue(
                last.increase(before, "lessonwatch_heartbeat_group_write_ms_count", "") >= 1),
        () -> assertTrue(last.value("lessonwatch_heartbeat_queue_depth", "") >= 0),
        () ->
            assertEquals(
                1, last.increase(before, "lessonwatch_report_ms_count", "page=\"api_summary\"")),
        () ->
            assertEquals(
                1, last.increase(before, "lessonwatch_report_ms_count", "page=\"overview\"")),
        () ->
            assertEquals(
                1, last.increase(before, "lessonwatch_report_ms_count", "page=\"lesson\"")),
        () -> assertTrue(last.increase(before, "lessonwatch_rollup_batch_ms_count", "") >= 1),
        () -> assertTrue(last.value("lessonwatch_rollup_lag_seconds", "") >= 0),
        () -> assertTrue(last.text().contains("lessonwatch_report_db_lag_seconds{"), last::text),
        () -> assertEquals(0, last.value("lessonwatch_report_db_lag_seconds", ""), "the primary"),
        () -> assertTrue(last.value("lessonwatch_token_cache_entries", "") >= 1),
        () ->
            assertTrue(
                last.text().contains("lessonwatch_heartbeats_total{mp_scope=\"application\""),
                last::text));
  }

  @Test
  void answersFirstHeartbeatWithSessionOne() {
    Reply reply = new Viewer(api, lesson).at(131.7, 600);

    assertEquals(200, reply.status(), reply::toString);
    assertTrue(reply.contentType().startsWith("application/json"), reply.contentType());
    JsonObject json = reply.json();
    assertAll(
        () -> assertTrue(json.getJsonNumber("session_id").longValue() > 0),
        () -> assertEquals(1, json.getInt("session_number")),
        () -> assertEquals(131, json.getInt("max_position_sec")),
        () -> assertFalse(json.getBoolean("completed")));
  }

  /** A heartbeat's answer: its session, and when it came (System.nanoTime). */
  record Beat(int status, long sessionId, int number, long answeredAt) {}

  @Test
  void heartbeatsRacingTheErasureOfTheirLearnerLandBeforeItOrStartAgainAtSessionOne()
      throws Exception {
    Viewer viewer = new Viewer(api, lesson, "erased-" + UUID.randomUUID());
    assertEquals(1, viewer.ended(10).json().getInt("session_number"));
    assertEquals(2, viewer.at(20).json().getInt("session_number"));
    ExecutorService players = Executors.newFixedThreadPool(4);
    List<java.util.concurrent.Future<List<Beat>>> sent = new ArrayList<>();
    // the erasure comes once every player has been answered a few times, and each player goes on
    // until it has sent a few heartbeats after the erasure was answered: the race always happens
    CountDownLatch playing = new CountDownLatch(4);
    AtomicBoolean erased = new AtomicBoolean();
    for (int p = 0; p < 4; p++) {
      int player = p;
      sent.add(
          players.submit(
              () -> {
                List<Beat> beats = new ArrayList<>();
                int afterErasure = 0;
                for (int i = 0; i < 200 && afterErasure < 5; i++) {
                  if (i == 3) {
                    playing.countDown();
                  }
                  if (erased.get()) {
                    afterErasure++;
                  }
                  // now and then a sitting ends, so that later ones start a new session
                  Reply reply = viewer.send(30 + i, 600.0, (i + player) % 10 == 9);
                  long at = System.nanoTime();
                  beats.add(
                      reply.status() == 200
                          ? new Beat(
                              200,
                              reply.json().getJsonNumber("session_id").longValue(),
                              reply.json().getInt("session_number"),
                              at)
                          : new Beat(reply.status(), 0, 0, at));
                }
                return beats;
              }));
    }
    assertTrue(playing.await(60, java.util.concurrent.TimeUnit.SECONDS), "players started");
    Reply erasure =
        api.send(
            api.request("api/v1/admin/learners/" + viewer.learner(), TestTokens.admin()).DELETE());
    long erasedAt = System.nanoTime();
    erased.set(true);
    List<Beat> beats = new ArrayList<>();
    for (var future : sent) {
      beats.addAll(future.get(60, java.util.concurrent.TimeUnit.SECONDS));
    }
    players.shutdown();

    assertEquals(200, erasure.status(), erasure::toString);
    assertTrue(erasure.json().getJsonNumber("sessions").longValue() >= 2, erasure::toString);
    List<TestDatabase.StoredSession> left = viewer.sessions();
    Set<Long> leftIds = new java.util.HashSet<>();
    for (int i = 0; i < left.size(); i++) {
      assertEquals(i + 1, left.get(i).number(), "numbered 1, 2, 3 … again: " + left);
      leftIds.add(left.get(i).id());
    }
    for (Beat beat : beats) {
      assertEquals(200, beat.status(), "every heartbeat recorded: " + beats);
      assertTrue(
          leftIds.contains(beat.sessionId()) || beat.answeredAt() < erasedAt,
          "a heartbeat whose session was erased was answered before the erasure: " + beat);
    }
    assertTrue(
        beats.stream().anyMatch(b -> leftIds.contains(b.sessionId())),
        "some heartbeats came after the erasure and started again: " + beats);
  }

  @Test
  void acceptsExamPrepLessonsAndOptionalFieldsLeftOut() {
    LessonRef examPrep = catalog.lesson("exam_prep_lesson", null);
    Viewer viewer = new Viewer(api, examPrep);

    Reply reply =
        viewer.send(
            "{\"content_kind\": \"exam_prep_lesson\", \"content_id\": "
                + examPrep.id()
                + ", \"position_sec\": 12, \"played\": [[0, 5.5], [8, 12]], \"future_field\": 1}");

    assertEquals(200, reply.status(), reply::toString);
    assertEquals(12, reply.json().getInt("max_position_sec"));
  }

  @Test
  void storesWatchedSecondsFromPlayedRanges() {
    LessonRef clip = catalog.lmsLesson(20);
    Viewer viewer = new Viewer(api, clip);
    String start = "{\"content_kind\": \"lms_lesson\", \"content_id\": " + clip.id();

    Reply first = viewer.send(start + ", \"position_sec\": 5, \"played\": [[0, 5]]}");
    Reply last =
        viewer.send(start + ", \"position_sec\": 20, \"ended\": true, \"played\": [[17, 20]]}");

    assertEquals(5, first.json().getInt("watched_sec"), first::toString);
    assertEquals(0.25, first.json().getJsonNumber("watched_percent").doubleValue(), 1e-9);
    assertEquals(8, last.json().getInt("watched_sec"));
    assertEquals(0.4, last.json().getJsonNumber("watched_percent").doubleValue(), 1e-9);
    assertTrue(last.json().getBoolean("completed"), "by position");
    assertEquals(
        "{[0,5),[17,20)}",
        TestDatabase.value(
            "SELECT watched::text FROM watch_sessions WHERE learner_sub = ?", viewer.learner()));
  }

  /** The most intervals a session keeps of its seconds watched (README, limits). */
  static final int MAX_WATCHED_INTERVALS = 1_000;

  /** The most tenths of a second counted per 10-second stretch of a session (README, limits). */
  static final int MAX_PLAYED_DS_PER_STRETCH = 1_000_000;

  /**
   * A player sending, in heartbeat after heartbeat, 100 ranges each around a second of its own:
   * every one would be an interval of the session's seconds watched. Every heartbeat is answered,
   * the session keeps at most the cap of intervals, holding every second played, its time played
   * per stretch stays within 0 and the ceiling, and another learner's heartbeats are answered
   * meanwhile.
   */
  @Test
  void boundsTheIntervalsKeptForHundredsOfTinySeparateRanges() throws Exception {
    LessonRef dayLong = catalog.lmsLesson(86_400);
    Viewer skimmer = new Viewer(api, dayLong);
    Viewer bystander = new Viewer(api, lesson);
    int heartbeats = 3 * MAX_WATCHED_INTERVALS / 200;
    ExecutorService background = Executors.newSingleThreadExecutor();
    try {
      Future<List<Reply>> bystanderReplies =
          background.submit(
              () ->
                  IntStream.range(0, heartbeats).mapToObj(i -> bystander.at(10 * i, 600)).toList());
      for (int h = 0; h < heartbeats; h++) {
        StringBuilder played = new StringBuilder();
        for (int k = 100 * h; k < 100 * h + 100; k++) {
          played.append(k == 100 * h ? "" : ", ").append('[').append(2 * k + 0.4);
          played.append(", ").append(2 * k + 0.6).append(']');
        }
        Reply reply =
            skimmer.send(
                "{\"content_kind\": \"lms_lesson\", \"content_id\": "
                    + dayLong.id()
                    + ", \"position_sec\": "
                    + (200 * h + 199)
                    + ", \"played\": ["
                    + played
                    + "]}");
        assertEquals(200, reply.status(), reply::toString);
        if (h == 0) { // 20 s of media a heartbeat, faster than a player: give it the time
          TestDatabase.startedEarlier(skimmer.learner(), Duration.ofMinutes(2));
        }
      }
      bystanderReplies
          .get(2, TimeUnit.MINUTES)
          .forEach(reply -> assertEquals(200, reply.status(), reply::toString));
    } finally {
      background.shutdownNow();
    }

    String learner = skimmer.learner();
    long intervals =
        (Long)
            TestDatabase.value(
                "SELECT count(*) FROM watch_sessions, unnest(watched) WHERE learner_sub = ?",
                learner);
    assertTrue(intervals <= MAX_WATCHED_INTERVALS, intervals + " intervals stored");
    assertEquals(
        Boolean.TRUE,
        TestDatabase.value(
            "SELECT bool_and(watched @> second) FROM watch_sessions,"
                + " generate_series(0, ? - 2, 2) second WHERE learner_sub = ?",
            200 * heartbeats,
            learner),
        "every second played is kept");
    assertEquals(
        Boolean.TRUE,
        TestDatabase.value(
            "SELECT bool_and(ds BETWEEN 0 AND "
                + MAX_PLAYED_DS_PER_STRETCH
                + ") FROM watch_sessions,"
                + " unnest(played_ds_by_10s) ds WHERE learner_sub = ?",
            learner));
  }

  /** 100 ranges over the whole of a day-long video in every heartbeat: counted in each stretch. */
  @Test
  void countsHundredRangesOverADayLongVideoInEveryStretch() {
    LessonRef dayLong = catalog.lmsLesson(86_400);
    Viewer looper = new Viewer(api, dayLong);
    String wholeVideo = "[0, 86400], ".repeat(99) + "[0, 86400]";
    int heartbeats = 5;
    // 100 days of media a heartbeat: a session that started 600 days ago may have played that
    assertEquals(200, looper.at(0).status());
    TestDatabase.startedEarlier(looper.learner(), Duration.ofDays(600));

    for (int h = 0; h < heartbeats; h++) {
      Reply reply =
          looper.send(
              "{\"content_kind\": \"lms_lesson\", \"content_id\": "
                  + dayLong.id()
                  + ", \"position_sec\": 86400, \"played\": ["
                  + wholeVideo
                  + "]}");
      assertEquals(200, reply.status(), reply::toString);
      assertEquals(86_400, reply.json().getInt("watched_sec"));
    }

    String learner = looper.learner();
    assertEquals(
        "8640 " + heartbeats * 100 * 100 + " " + heartbeats * 100 * 100 + " 10 10",
        TestDatabase.value(
            "SELECT concat_ws(' ', cardinality(played_ds_by_10s), (SELECT min(ds) FROM"
                + " unnest(played_ds_by_10s) ds), (SELECT max(ds) FROM unnest(played_ds_by_10s)"
                + " ds), (SELECT min(s) FROM unnest(seen_sec_by_10s) s), (SELECT max(s) FROM"
                + " unnest(seen_sec_by_10s) s)) FROM watch_sessions WHERE learner_sub = ?",
            learner));
  }

  /**
   * Played ranges for more media than the session has had time to play (4× the time since it
   * started, plus 60 s) are refused as a whole, change nothing and start nothing.
   */
  @Test
  void refusesMorePlayedThanTheTimeSinceTheSessionStartedAllows() {
    String start = "{\"content_kind\": \"lms_lesson\", \"content_id\": " + lesson.id();
    Viewer instant = new Viewer(api, lesson);
    Reply whole = instant.send(start + ", \"position_sec\": 600, \"played\": [[0, 600]]}");
    assertEquals(422, whole.status(), whole::toString);
    assertEquals("implausible-playback", whole.problemKind());
    assertEquals("played", whole.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(List.of(), instant.sessions(), "no session started");

    Viewer fast = new Viewer(api, lesson);
    Reply minute = fast.send(start + ", \"position_sec\": 60, \"played\": [[0, 60]]}");
    assertEquals(200, minute.status(), minute::toString);
    String next = start + ", \"position_sec\": 70, \"played\": [[60, 70]]}";
    Reply tooSoon = fast.send(next);
    assertEquals(422, tooSoon.status(), tooSoon::toString);
    assertEquals(60, fast.sessions().get(0).maxPositionSec(), "nothing of it stored");
    TestDatabase.startedEarlier(fast.learner(), Duration.ofSeconds(3)); // 4 × 3 + 60 = 72 s
    Reply inTime = fast.send(next);
    assertEquals(200, inTime.status(), inTime::toString);
    assertEquals(70, inTime.json().getInt("watched_sec"));
    assertEquals(1, inTime.json().getInt("session_number"), "the same session");
  }

  @Test
  void refusesPlayedRangesPastTheEndOfTheVideo() {
    Viewer viewer = new Viewer(api, lesson); // 600 s in the catalogue
    String start = "{\"content_kind\": \"lms_lesson\", \"content_id\": " + lesson.id();

    Reply past = viewer.send(start + ", \"position_sec\": 10, \"played\": [[0, 10], [590, 650]]}");
    Reply pastReported =
        viewer.send(
            start + ", \"position_sec\": 10, \"duration_sec\": 300, \"played\": [[290, 302]]}");
    Reply atTheEnd = viewer.send(start + ", \"position_sec\": 600, \"played\": [[595, 600.5]]}");

    assertEquals(422, past.status(), past::toString);
    assertEquals("implausible-playback", past.problemKind());
    assertEquals(
        "played[1]", past.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(422, pastReported.status(), "the duration the player reports counts first");
    assertEquals(200, atTheEnd.status(), "half a second late is a player's rounding");
    assertEquals(1, viewer.sessions().size(), "nothing of the refused heartbeats was stored");
  }

  @Test
  void answersNullCoverageWhenPlayerReportsNoRanges() {
    Reply reply = new Viewer(api, lesson).at(30);

    assertTrue(reply.json().isNull("watched_sec"), reply::toString);
    assertTrue(reply.json().isNull("watched_percent"));
  }

  /** The LMS names its key in the token; the key is configured without an id (as base64 DER). */
  @Test
  void acceptsATokenThatNamesItsKeyId() {
    Viewer viewer = new Viewer(api, lesson);

    Reply reply =
        api.post(
            Viewer.HEARTBEAT_PATH,
            TestTokens.learnerWithKeyId(viewer.learner(), "lms-2025-01"),
            viewer.body(10, null, false));

    assertEquals(200, reply.status(), reply::toString);
  }

  static Stream<Arguments> invalidBodies() {
    String valid = "\"content_kind\": \"lms_lesson\", \"content_id\": 1, \"position_sec\": 3";
    return Stream.of(
        Arguments.of("{\"content_kind\": \"lms_lesson\", ", Set.of("body")),
        Arguments.of("[1, 2]", Set.of("body")),
        Arguments.of("{}", Set.of("content_kind", "content_id", "position_sec")),
        Arguments.of(
            "{\"content_kind\": \"webinar\", \"content_id\": 1, \"position_sec\": 3}",
            Set.of("content_kind")),
        Arguments.of(
            "{\"content_kind\": 7, \"content_id\": 1, \"position_sec\": 3}",
            Set.of("content_kind")),
        Arguments.of(
            "{\"content_kind\": \"lms_lesson\", \"content_id\": \"1\", \"position_sec\": 3}",
            Set.of("content_id")),
        Arguments.of(
            "{\"content_kind\": \"lms_lesson\", \"content_id\": 0, \"position_sec\": 3}",
            Set.of("content_id")),
        Arguments.of(
            "{\"content_kind\": \"lms_lesson\", \"content_id\": 1.5, \"position_sec\": 3}",
            Set.of("content_id")),
        Arguments.of(
            "{\"content_kind\": \"lms_lesson\", \"content_id\": 9223372036854775808,"
                + " \"position_sec\": 3}",
            Set.of("content_id")),
        Arguments.of(
            "{\"content_kind\": \"lms_lesson\", \"content_id\": 1, \"position_sec\": -0.5}",
            Set.of("position_sec")),
        Arguments.of(
            "{\"content_kind\": \"lms_lesson\", \"content_id\": 1, \"position_sec\": 86400.1}",
            Set.of("position_sec")),
        Arguments.of(
            "{\"content_kind\": \"lms_lesson\", \"content_id\": 1, \"position_sec\": \"3\"}",
            Set.of("position_sec")),
        Arguments.of("{" + valid + ", \"duration_sec\": -1}", Set.of("duration_sec")),
        Arguments.of("{" + valid + ", \"duration_sec\": 90000}", Set.of("duration_sec")),
        Arguments.of("{" + valid + ", \"ended\": \"yes\"}", Set.of("ended")),
        Arguments.of("{" + valid + ", \"played\": {\"from\": 1}}", Set.of("played")),
        Arguments.of("{" + valid + ", \"played\": [[5, 3]]}", Set.of("played[0]")),
        Arguments.of("{" + valid + ", \"played\": [[1, 2, 3]]}", Set.of("played[0]")),
        Arguments.of("{" + valid + ", \"played\": [[-1, 2]]}", Set.of("played[0][0]")),
        Arguments.of("{" + valid + ", \"played\": [[0, 86401]]}", Set.of("played[0][1]")),
        Arguments.of(
            "{" + valid + ", \"played\": [" + "[0, 1],".repeat(100) + "[0, 1]]}", Set.of("played")),
        Arguments.of(
            "{\"content_kind\": \"lms_lesson\", \"content_id\": 1e100000000, \"position_sec\": 3}",
            Set.of("content_id")),
        Arguments.of(
            "{\"content_kind\": \"lms_lesson\", \"content_id\": "
                + "1".repeat(1101)
                + ", \"position_sec\": 3}",
            Set.of("content_id")),
        Arguments.of(
            "{\"content_kind\": \"lms_lesson\", \"content_id\": 1, \"position_sec\": 1e100000000}",
            Set.of("position_sec")),
        Arguments.of("{" + valid + ", \"duration_sec\": 1e9999999999}", Set.of("duration_sec")),
        Arguments.of(
            "{" + valid + ", \"played\": [[0, 1e2147483647], [-1e-9999999999, 2]]}",
            Set.of("played[0][1]", "played[1][0]")),
        Arguments.of(
            "{" + valid + ", \"extra\": " + "[".repeat(2000) + "]".repeat(2000) + "}",
            Set.of("body")));
  }

  @Test
  void acceptsIdsAndPositionsInEveryNumberForm() {
    Viewer viewer = new Viewer(api, lesson);
    String kind = "{\"content_kind\": \"lms_lesson\", \"content_id\": ";

    Reply decimal = viewer.send(kind + lesson.id() + ".0, \"position_sec\": 1.317e2}");
    Reply exponent = viewer.send(kind + lesson.id() + "e0, \"position_sec\": 14000e-2}");

    assertEquals(200, decimal.status(), decimal::toString);
    assertEquals(131, decimal.json().getInt("max_position_sec"));
    assertEquals(200, exponent.status(), exponent::toString);
    assertEquals(140, exponent.json().getInt("max_position_sec"));
  }

  @ParameterizedTest
  @MethodSource("invalidBodies")
  void rejectsInvalidBodyNamingEachBadField(String body, Set<String> badFields) {
    Viewer viewer = new Viewer(api, lesson);

    Reply reply = viewer.send(body);

    assertEquals(400, reply.status(), reply::toString);
    assertProblem(reply, 400);
    Set<String> named =
        reply.json().getJsonArray("errors").stream()
            .map(e -> ((JsonString) e.asJsonObject().get("field")).getString())
            .collect(Collectors.toSet());
    assertEquals(badFields, named, reply::toString);
    assertTrue(viewer.sessions().isEmpty(), "nothing stored");
  }

  private static final String LEARNER = "[\"learner\"]";

  static Stream<Arguments> badTokens() {
    String subject = "learner-" + UUID.randomUUID();
    return Stream.of(
        Arguments.of("missing", null),
        Arguments.of("expired", TestTokens.expired(subject)),
        Arguments.of("badly signed", TestTokens.forged(subject)),
        Arguments.of("wrong issuer", TestTokens.wrongIssuer(subject)),
        Arguments.of("not a JWT", "not-a-token"),
        Arguments.of("over-long subject", TestTokens.learner("x".repeat(256))),
        Arguments.of("NUL in subject", TestTokens.withRawClaims("\"learner\\u0000\"", LEARNER)),
        Arguments.of(
            "lone surrogate in subject", TestTokens.withRawClaims("\"learner\\ud800\"", LEARNER)),
        Arguments.of(
            "control character in subject",
            TestTokens.withRawClaims("\"learner\\u001b[31m\"", LEARNER)),
        Arguments.of(
            "null among groups",
            TestTokens.withRawClaims("\"" + subject + "\"", "[\"learner\", null]")),
        Arguments.of(
            "NUL in a group",
            TestTokens.withRawClaims("\"" + subject + "\"", "[\"learner\\u0000\"]")));
  }

  static Stream<Arguments> otherSpellings() {
    return TestTokens.otherSpellings(TestTokens.learner("learner-" + UUID.randomUUID()))
        .entrySet()
        .stream()
        .map(spelling -> Arguments.of(spelling.getKey(), spelling.getValue()));
  }

  /**
   * A valid token in any other spelling than its canonical base64url: each would otherwise be a new
   * entry in the verified-token cache, so that padding one token in ever new ways fills the heap.
   */
  @ParameterizedTest(name = "token {0}")
  @MethodSource("otherSpellings")
  void rejectsAValidTokenInAnotherSpelling(String what, String token) {
    rejectsRequestsWithoutValidTokenAsUnauthorized(what, token);
  }

  /**
   * A token over {@code engagement.token.max-length} (4096 characters), valid otherwise, is refused
   * before anything parses it. Sent over HTTP/1.1, as reverse proxies forward requests: Payara's
   * HTTP/2 itself resets a stream whose header list is over 4 KiB.
   */
  @Test
  void rejectsATokenOverTheLengthLimitAsUnauthorized() {
    List<String> groups = new ArrayList<>(List.of("learner"));
    for (int course = 0; groups.size() < 300; course++) {
      groups.add("course-" + course);
    }
    String token = TestTokens.token("learner-" + UUID.randomUUID(), groups);
    assertTrue(token.length() > 4096 && token.length() < 7000, "length " + token.length());

    Reply reply =
        api.send(
            api.request(Viewer.HEARTBEAT_PATH, token)
                .version(HttpClient.Version.HTTP_1_1)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new Viewer(api, lesson).body(10, null, false))));

    assertEquals(401, reply.status(), reply::toString);
    assertProblem(reply, 401);
  }

  @ParameterizedTest(name = "{0} token")
  @MethodSource("badTokens")
  void rejectsRequestsWithoutValidTokenAsUnauthorized(String what, String token) {
    Viewer viewer = new Viewer(api, lesson);

    Reply reply = api.post(Viewer.HEARTBEAT_PATH, token, viewer.body(10, null, false));

    assertEquals(401, reply.status(), reply::toString);
    assertTrue(reply.header("WWW-Authenticate").orElse("").startsWith("Bearer"), "challenge");
    assertProblem(reply, 401);
  }

  @Test
  void answersNotFoundForUnknownContent() {
    LessonRef unknown = new LessonRef("lms_lesson", Catalog.freshId(), 0);
    Viewer viewer = new Viewer(api, unknown);

    Reply reply = viewer.at(10);

    assertEquals(404, reply.status(), reply::toString);
    assertProblem(reply, 404);
    assertEquals("video content not found", reply.json().getString("title"));
    assertTrue(viewer.sessions().isEmpty());
  }

  @Test
  void answersUnprocessableForLessonWithoutVideo() {
    for (String noVideo : List.of("null", "\"\"", "\"   \"")) {
      Viewer viewer = new Viewer(api, catalog.lesson("lms_lesson", noVideo, 600));

      Reply reply = viewer.at(10);

      assertEquals(422, reply.status(), reply::toString);
      assertProblem(reply, 422);
      assertEquals("content has no video", reply.json().getString("title"));
      assertTrue(viewer.sessions().isEmpty());
    }
  }

  @Test
  void seesCatalogueChangesAtOnce() {
    Viewer viewer = new Viewer(api, lesson);
    assertEquals(200, viewer.at(10).status());

    catalog.change(lesson, "null", 600);
    assertEquals(422, viewer.at(20).status(), "video removed");

    catalog.change(lesson, "\"https://cdn.test/v/again.mp4\"", 600);
    assertEquals(200, viewer.at(30).status(), "video back");
  }

  @Test
  void findsLessonCreatedAfterItWasAskedFor() {
    long courseId = catalog.course();
    LessonRef later = new LessonRef("lms_lesson", Catalog.freshId(), courseId);
    Viewer viewer = new Viewer(api, later);
    assertEquals(404, viewer.at(10).status());

    Reply created =
        api.put(
            later.path(),
            TestTokens.admin(),
            "{\"title\": \"Late\", \"course_id\": "
                + courseId
                + ", \"video_url\": \"https://v.test/x\"}");
    assertEquals(201, created.status(), created::toString);

    assertEquals(200, viewer.at(10).status());
  }

  @Test
  void rejectsBodyOver64KiB() {
    Viewer viewer = new Viewer(api, lesson);
    String padding = " ".repeat(64 * 1024);

    Reply reply = viewer.send(viewer.body(10, null, false) + padding);

    assertEquals(413, reply.status(), reply::toString);
    assertProblem(reply, 413);
    assertTrue(viewer.sessions().isEmpty());
  }

  @Test
  void acceptsBodyOfExactly64KiB() {
    Viewer viewer = new Viewer(api, lesson);
    String body = viewer.body(10, null, false);

    Reply reply = viewer.send(body + " ".repeat(64 * 1024 - body.length()));

    assertEquals(200, reply.status(), reply::toString);
  }

  @Test
  void rejectsBodyThatIsNotJson() {
    Viewer viewer = new Viewer(api, lesson);

    Reply reply =
        api.send(
            api.request(Viewer.HEARTBEAT_PATH, TestTokens.learner(viewer.learner()))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(viewer.body(10, null, false))));

    assertEquals(415, reply.status(), reply::toString);
    assertProblem(reply, 415);
    assertTrue(viewer.sessions().isEmpty());
  }

  @Test
  void answersUnknownPathsAndMethodsWithProblems() {
    String token = TestTokens.learner("learner-" + UUID.randomUUID());

    Reply unknownPath = api.get("api/v1/videos/nothing-here", token);
    Reply wrongMethod = api.get(Viewer.HEARTBEAT_PATH, token);

    assertEquals(404, unknownPath.status(), unknownPath::toString);
    assertProblem(unknownPath, 404);
    assertEquals(405, wrongMethod.status(), wrongMethod::toString);
    assertProblem(wrongMethod, 405);
  }

  @Test
  void servesNoDemoPlayerUnlessEnabled() {
    for (String path : List.of("demo/player", "demo/clip.wav", "demo/player.js")) {
      assertEquals(404, api.get(path, null).status(), path);
    }
  }

  static void assertProblem(Reply reply, int status) {
    assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
    JsonObject problem = reply.json();
    assertAll(
        () -> assertEquals(status, problem.getInt("status")),
        () -> assertFalse(problem.getString("type").isBlank()),
        () -> assertFalse(problem.getString("title").isBlank()),
        () -> assertFalse(problem.getString("detail").isBlank()),
        () -> assertFalse(reply.body().contains("\tat "), "no stack trace"),
        () -> assertFalse(reply.body().contains("Exception"), "no exception names"));
  }

  // CORS: players on an LMS's own origin (engagement.cors.allowed-origins)

  private Reply preflight(String origin) {
    return api.send(
        api.request(Viewer.HEARTBEAT_PATH, null)
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "authorization, content-type")
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
  }

  private static String learner() {
    return "learner-" + UUID.randomUUID();
  }

  private Reply heartbeatFrom(String origin, String token) {
    return api.send(
        api.request(Viewer.HEARTBEAT_PATH, token)
            .header("Origin", origin)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    new Viewer(api, lesson).body(12, 600.0, false))));
  }

  @Test
  void answersPreflightOfAnAllowedOriginWithoutToken() {
    Reply reply = preflight(ALLOWED_ORIGIN);

    assertEquals(204, reply.status(), reply::toString);
    assertAll(
        () -> assertEquals(ALLOWED_ORIGIN, reply.header("Access-Control-Allow-Origin").orElse("")),
        () -> assertEquals("POST", reply.header("Access-Control-Allow-Methods").orElse("")),
        () ->
            assertEquals(
                "Authorization, Content-Type",
                reply.header("Access-Control-Allow-Headers").orElse("")),
        () -> assertTrue(reply.header("Access-Control-Max-Age").isPresent()),
        () -> assertFalse(reply.header("Access-Control-Allow-Credentials").isPresent()),
        () -> assertEquals("Origin", reply.header("Vary").orElse("")));
  }

  @Test
  void allowsAnOriginConfiguredWithADifferentSpelling() {
    // configured as "http://Localhost:9000/": browsers send it lower case, without the slash
    Reply reply = preflight("http://localhost:9000");

    assertEquals(204, reply.status(), reply::toString);
    assertEquals("http://localhost:9000", reply.header("Access-Control-Allow-Origin").orElse(""));
  }

  @Test
  void refusesPreflightOfAnyOtherOrigin() {
    for (String origin :
        List.of(
            "https://evil.example",
            "https://lms.example.edu:8443",
            "http://lms.example.edu",
            "null",
            "*")) {
      Reply reply = preflight(origin);

      assertEquals(403, reply.status(), origin + ": " + reply);
      assertEquals("origin-not-allowed", reply.problemKind(), reply::toString);
      assertFalse(reply.header("Access-Control-Allow-Origin").isPresent(), origin);
    }
  }

  @Test
  void namesTheAllowedOriginOnEveryAnswerToIt() {
    Reply recorded = heartbeatFrom(ALLOWED_ORIGIN, TestTokens.learner(learner()));
    Reply unauthenticated = heartbeatFrom(ALLOWED_ORIGIN, null);
    Reply invalid =
        api.send(
            api.request(Viewer.HEARTBEAT_PATH, TestTokens.learner(learner()))
                .header("Origin", ALLOWED_ORIGIN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"position_sec\": -1}")));

    assertAll(
        () -> assertEquals(200, recorded.status(), recorded::toString),
        () -> assertEquals(401, unauthenticated.status(), unauthenticated::toString),
        () -> assertEquals(400, invalid.status(), invalid::toString));
    for (Reply reply : List.of(recorded, unauthenticated, invalid)) {
      assertEquals(
          ALLOWED_ORIGIN, reply.header("Access-Control-Allow-Origin").orElse(""), reply::toString);
    }
  }

  @Test
  void namesNoOriginForOthersAndStillNeedsAToken() {
    Reply other = heartbeatFrom("https://evil.example", TestTokens.learner(learner()));
    Reply withoutToken = heartbeatFrom("https://evil.example", null);

    assertEquals(200, other.status(), other::toString);
    assertFalse(other.header("Access-Control-Allow-Origin").isPresent());
    assertEquals(401, withoutToken.status(), withoutToken::toString);
    assertFalse(withoutToken.header("Access-Control-Allow-Origin").isPresent());
  }
}
