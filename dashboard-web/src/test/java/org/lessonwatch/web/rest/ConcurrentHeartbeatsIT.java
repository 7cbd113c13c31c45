package org.lessonwatch.web.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lessonwatch.web.testing.ApiClient;
import org.lessonwatch.web.testing.ApiClient.Reply;
import org.lessonwatch.web.testing.Catalog;
import org.lessonwatch.web.testing.Catalog.LessonRef;
import org.lessonwatch.web.testing.Deployments;
import org.lessonwatch.web.testing.MetricsScrape;
import org.lessonwatch.web.testing.SecondNode;
import org.lessonwatch.web.testing.TestDatabase;
import org.lessonwatch.web.testing.TestDatabase.StoredSession;
import org.lessonwatch.web.testing.TestTokens;
import org.lessonwatch.web.testing.Viewer;

/**
 * Heartbeats of one learner for one lesson arriving at the same moment: numbering stays 1, 2, 3 …
 * and no heartbeat is lost. And two Payara Micro nodes on one database, as behind a load balancer:
 * a lesson created or changed on one is seen by the other within a moment, also when the other had
 * looked it up (and cached what it found) before; a node started later warms up before it says it
 * is ready. (One class, so that one server start serves both.)
 */
@ExtendWith(ArquillianExtension.class)
class ConcurrentHeartbeatsIT {

  static final int SIMULTANEOUS = 48;

  /** How soon the other node must see a change: well under the caches' own expiries. */
  static final long WITHIN_MILLIS = 3000;

  static SecondNode nodeB;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.engagementWar();
  }

  @ArquillianResource URL base;

  ApiClient api;
  Catalog catalog;
  ExecutorService players;

  @BeforeAll
  static void startSecondNode() {
    nodeB = SecondNode.start(Map.of());
  }

  @AfterAll
  static void stopSecondNode() {
    if (nodeB != null) {
      nodeB.close();
    }
  }

  @BeforeEach
  void setUp() {
    api = new ApiClient(base);
    catalog = new Catalog(api);
    // two more than released at once: the held learner's heartbeats wait beside them
    players = Executors.newFixedThreadPool(SIMULTANEOUS + 2);
  }

  @AfterEach
  void tearDown() {
    players.shutdownNow();
  }

  @Test
  void simultaneousFirstHeartbeatsMakeOneSessionAndLoseNoPosition() throws Exception {
    Viewer viewer = new Viewer(api, catalog.lmsLesson(6000));

    List<Reply> replies = simultaneously(i -> viewer.at(10 + i));

    replies.forEach(reply -> assertEquals(200, reply.status(), reply::toString));
    replies.forEach(reply -> assertEquals(1, reply.json().getInt("session_number")));
    List<StoredSession> sessions = viewer.sessions();
    assertEquals(1, sessions.size(), sessions::toString);
    assertEquals(SIMULTANEOUS, sessions.get(0).heartbeatCount(), "every heartbeat counted");
    assertEquals(10 + SIMULTANEOUS - 1, sessions.get(0).maxPositionSec(), "furthest position kept");
  }

  @Test
  void simultaneousHeartbeatsOfManyLearnersAreEachAnsweredWithTheirOwnStoredSession()
      throws Exception {
    LessonRef lesson = catalog.lmsLesson(6000);
    List<Viewer> viewers = new ArrayList<>();
    for (int i = 0; i < SIMULTANEOUS; i++) {
      viewers.add(new Viewer(api, lesson));
    }
    // the even ones continue a session, the odd ones start their first, the multiples of 4 after
    // an ended one: the groups then insert and update sessions at once
    for (int i = 0; i < SIMULTANEOUS; i += 2) {
      viewers.get(i).at(5);
      if (i % 4 == 0) {
        viewers.get(i).ended(6);
      }
    }

    List<Reply> replies = simultaneously(i -> viewers.get(i).at(100 + i));

    for (int i = 0; i < SIMULTANEOUS; i++) {
      Reply reply = replies.get(i);
      assertEquals(200, reply.status(), reply::toString);
      List<StoredSession> sessions = viewers.get(i).sessions();
      StoredSession latest = sessions.get(sessions.size() - 1);
      int expectedNumber = i % 4 == 0 ? 2 : 1;
      assertEquals(expectedNumber, reply.json().getInt("session_number"), reply::toString);
      assertEquals(expectedNumber, latest.number());
      assertEquals(
          latest.id(), reply.json().getJsonNumber("session_id").longValue(), reply::toString);
      assertEquals(100 + i, latest.maxPositionSec());
      assertEquals(i % 4 == 2 ? 2 : 1, latest.heartbeatCount(), "viewer " + i);
    }
  }

  @Test
  void simultaneousHeartbeatsAfterEndedStartExactlyOneReplay() throws Exception {
    Viewer viewer = new Viewer(api, catalog.lmsLesson(6000));
    viewer.at(100);
    viewer.ended(200);

    List<Reply> replies = simultaneously(i -> viewer.at(i));

    replies.forEach(
        reply -> assertEquals(2, reply.json().getInt("session_number"), reply::toString));
    List<StoredSession> sessions = viewer.sessions();
    assertEquals(List.of(1, 2), sessions.stream().map(StoredSession::number).toList());
    assertEquals(SIMULTANEOUS, sessions.get(1).heartbeatCount());
    assertEquals(SIMULTANEOUS - 1, sessions.get(1).maxPositionSec());
  }

  @Test
  void simultaneousRepeatedEndedCloseOneSessionOnce() throws Exception {
    Viewer viewer = new Viewer(api, catalog.lmsLesson(6000));
    viewer.at(100);

    List<Reply> replies = simultaneously(i -> viewer.ended(500));

    replies.forEach(
        reply -> assertEquals(1, reply.json().getInt("session_number"), reply::toString));
    List<StoredSession> sessions = viewer.sessions();
    assertEquals(1, sessions.size());
    assertEquals(2, sessions.get(0).heartbeatCount(), "the first ended counts, repeats do not");
  }

  /**
   * The roll-up job holds the sessions of its batch while it runs. A heartbeat that continues a
   * session it holds waits for it, also with a second one sent meanwhile, and both count once it is
   * done; other learners' heartbeats, which may share a transaction with the held one, are written
   * meanwhile.
   */
  @Test
  void sessionHeldByTheRollupJobDelaysOnlyItsOwnLearner() throws Exception {
    LessonRef lesson = catalog.lmsLesson(6000);
    Viewer held = new Viewer(api, lesson);
    assertEquals(200, held.at(10).status());
    List<Viewer> others = IntStream.range(0, 8).mapToObj(i -> new Viewer(api, lesson)).toList();

    try (Connection job = TestDatabase.connect()) {
      holdSessionsAsTheRollupJob(job, held.learner());
      Future<Reply> first = players.submit(() -> held.at(20));
      awaitLockWaits(1);
      Future<Reply> second = players.submit(() -> held.at(30));

      List<Reply> replies = simultaneously(i -> others.get(i % others.size()).at(20 + i));
      replies.forEach(reply -> assertEquals(200, reply.status(), reply::toString));
      assertFalse(first.isDone(), "answered while its session was still held");
      assertFalse(second.isDone(), "answered while its session was still held");
      job.commit();

      assertEquals(200, first.get(30, TimeUnit.SECONDS).status());
      assertEquals(200, second.get(30, TimeUnit.SECONDS).status());
    }
    List<StoredSession> sessions = held.sessions();
    assertEquals(1, sessions.size(), sessions::toString);
    assertEquals(3, sessions.get(0).heartbeatCount());
    assertEquals(30, sessions.get(0).maxPositionSec());
  }

  /**
   * A heartbeat that starts the next session does not change the latest one, so it does not wait
   * for the roll-up job holding that one: it is answered while the job holds it.
   */
  @Test
  void nextSessionStartsWhileTheRollupJobHoldsTheEndedOne() throws Exception {
    LessonRef lesson = catalog.lmsLesson(6000);
    Viewer viewer = new Viewer(api, lesson);
    assertEquals(200, viewer.at(10).status());
    assertEquals(200, viewer.ended(20).status());

    try (Connection job = TestDatabase.connect()) {
      holdSessionsAsTheRollupJob(job, viewer.learner());
      Reply replay = players.submit(() -> viewer.at(5)).get(30, TimeUnit.SECONDS);
      assertEquals(200, replay.status(), replay::toString);
      assertEquals(2, replay.json().getInt("session_number"), replay::toString);
      job.commit();
    }
    List<StoredSession> sessions = viewer.sessions();
    assertEquals(2, sessions.size(), sessions::toString);
    assertEquals(2, sessions.get(0).heartbeatCount());
    assertTrue(sessions.get(0).ended());
    assertEquals(1, sessions.get(1).heartbeatCount());
    assertEquals(5, sessions.get(1).maxPositionSec());
  }

  /** Locks the learner's sessions as the roll-up job's batch does, until {@code job} ends. */
  private static void holdSessionsAsTheRollupJob(Connection job, String learner)
      throws SQLException {
    job.setAutoCommit(false);
    try (var lock =
        job.prepareStatement("SELECT 1 FROM watch_sessions WHERE learner_sub = ? FOR UPDATE")) {
      lock.setString(1, learner);
      lock.executeQuery().close();
    }
  }

  /** Waits until this many database sessions wait for a lock. */
  private static void awaitLockWaits(long count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (((Number)
                TestDatabase.value(
                    "SELECT count(*) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND wait_event_type = 'Lock'"))
            .longValue()
        < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no heartbeat waits for the held session");
      }
      Thread.sleep(50);
    }
  }

  /** Sends {@value #SIMULTANEOUS} heartbeats released at the same instant. */
  private List<Reply> simultaneously(IntFunction<Reply> heartbeat) throws Exception {
    CountDownLatch ready = new CountDownLatch(SIMULTANEOUS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Reply>> pending = new ArrayList<>();
    for (int i = 0; i < SIMULTANEOUS; i++) {
      int n = i;
      pending.add(
          players.submit(
              () -> {
                ready.countDown();
                go.await();
                return heartbeat.apply(n);
              }));
    }
    ready.await();
    go.countDown();
    List<Reply> replies = new ArrayList<>();
    for (Future<Reply> reply : pending) {
      replies.add(reply.get());
    }
    return replies;
  }

  @Test
  void aLessonCreatedOnOneNodeIsFoundOnTheOtherThatHadMissedIt() throws Exception {
    ApiClient a = new ApiClient(base);
    ApiClient b = new ApiClient(nodeB.url());
    long course = new Catalog(a).course();
    LessonRef later = new LessonRef("lms_lesson", Catalog.freshId(), course);
    Viewer onB = new Viewer(b, later);
    assertEquals(404, onB.at(5).status(), "not there yet, and B remembers that");

    Reply created =
        a.put(
            later.path(),
            TestTokens.admin(),
            "{\"title\": \"Late\", \"course_id\": "
                + course
                + ", \"video_url\": \"https://cdn.test/v/late.mp4\", \"duration_sec\": 600}");
    assertEquals(201, created.status(), created::toString);

    assertEquals(200, soon(200, () -> onB.at(10)).status(), "B sees the lesson A created");
  }

  @Test
  void aLessonChangedOnOneNodeIsChangedOnTheOtherThatHadCachedIt() throws Exception {
    ApiClient a = new ApiClient(base);
    ApiClient b = new ApiClient(nodeB.url());
    Catalog catalogA = new Catalog(a);
    LessonRef lesson = catalogA.lmsLesson(600);
    Viewer onB = new Viewer(b, lesson);
    assertEquals(200, onB.at(5).status(), "B caches the lesson and its video");

    catalogA.change(lesson, "null", 600);
    assertEquals(422, soon(422, () -> onB.at(10)).status(), "B sees the video removed on A");

    catalogA.change(lesson, "\"https://cdn.test/v/back.mp4\"", 600);
    assertEquals(200, soon(200, () -> onB.at(15)).status(), "and put back");
  }

  /**
   * A node that warms up (here for 15 s) says so on its readiness until it is done, rehearses its
   * own heartbeats through the real write path (the database saw the rows updated), and stores none
   * of them, nor counts them in its metrics. Players who reach it meanwhile (a load balancer sends
   * none, but a client may ignore readiness) are served and stored, though their heartbeats share
   * the writers with the rehearsals: each group holds rehearsals or recorded heartbeats, never
   * both.
   */
  @Test
  void aNodeWarmsUpBeforeItIsReadyAndStoresNothingOfIt() throws Exception {
    LessonRef lesson = new Catalog(new ApiClient(base)).lmsLesson(600);
    long updatedBefore = sessionUpdates();
    try (SecondNode nodeC = SecondNode.launch(Map.of("engagement.startup.warm-up", "PT15S"))) {
      ApiClient c = new ApiClient(nodeC.url());
      Reply ready =
          nodeC.readiness(reply -> reply.body().contains("\"warming up\""), Duration.ofMinutes(3));
      assertNotNull(ready, "node C never answered");
      assertEquals(503, ready.status(), ready::toString);
      assertTrue(ready.body().contains("\"warming up\""), ready::toString);

      int early = 8;
      int beats = 10;
      List<Viewer> earlyPlayers =
          IntStream.range(0, early).mapToObj(i -> new Viewer(c, lesson)).toList();
      ExecutorService pool = Executors.newFixedThreadPool(early);
      try {
        List<Future<List<Integer>>> sent = new ArrayList<>();
        for (Viewer earlyPlayer : earlyPlayers) {
          sent.add(
              pool.submit(
                  () ->
                      IntStream.rangeClosed(1, beats)
                          .mapToObj(beat -> earlyPlayer.at(5.0 * beat).status())
                          .toList()));
        }
        for (Future<List<Integer>> statuses : sent) {
          assertEquals(Collections.nCopies(beats, 200), statuses.get(1, TimeUnit.MINUTES));
        }
      } finally {
        pool.shutdownNow();
      }
      Reply during = nodeC.readiness(reply -> true, Duration.ofSeconds(10));
      assertTrue(
          during.body().contains("\"warming up\""),
          () -> "the early players' heartbeats were all answered during the warm-up: " + during);

      nodeC.awaitReady(Duration.ofMinutes(1));
      for (Viewer earlyPlayer : earlyPlayers) {
        List<StoredSession> stored =
            TestDatabase.sessions(earlyPlayer.learner(), "lms_lesson", lesson.id());
        assertEquals(1, stored.size(), earlyPlayer.learner());
        assertEquals(beats, stored.get(0).heartbeatCount(), earlyPlayer.learner());
        assertEquals(5 * beats, stored.get(0).maxPositionSec(), earlyPlayer.learner());
      }
      Viewer player = new Viewer(c, lesson);
      Reply served = player.at(5);
      assertEquals(200, served.status(), served::toString);
      assertEquals(1, TestDatabase.sessions(player.learner(), "lms_lesson", lesson.id()).size());
      for (String table : new String[] {"watch_sessions", "watch_session_sequences"}) {
        assertEquals(
            0L,
            TestDatabase.value(
                "SELECT count(*) FROM "
                    + table
                    + " WHERE learner_sub LIKE 'lessonwatch-warm-up-%'"),
            table);
      }
      long rehearsed = 0;
      for (int i = 0; i < 50 && rehearsed < 100; i++) { // statistics reach other sessions late
        Thread.sleep(100);
        rehearsed = sessionUpdates() - updatedBefore;
      }
      assertTrue(rehearsed >= 100, "rows updated in watch_sessions while warming up: " + rehearsed);
      String log = nodeC.log();
      assertTrue(
          log.lines()
              .anyMatch(
                  line ->
                      line.contains("Warm-up done in")
                          && line.contains("heartbeats rehearsed")
                          && line.matches(".*answers by status: 200 × \\d+$")),
          "the warm-up's summary, every answer a 200, in " + log);
      MetricsScrape metrics = MetricsScrape.settled(c);
      assertEquals(
          early * beats + 1,
          metrics.value("lessonwatch_heartbeats_total", ""),
          "the players' only, not the rehearsals");
      assertEquals(0, metrics.value("lessonwatch_report_ms_count", ""), "no report was read");
    }
  }

  /** Rows updated in watch_sessions so far, committed or not, as PostgreSQL's statistics say. */
  private static long sessionUpdates() {
    return ((Number)
            TestDatabase.value(
                "SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = 'watch_sessions'"))
        .longValue();
  }

  /** The answer once it has the expected status, polled for a few seconds; else the last one. */
  private static Reply soon(int expected, Supplier<Reply> call) throws InterruptedException {
    long deadline = System.currentTimeMillis() + WITHIN_MILLIS;
    Reply reply = call.get();
    while (reply.status() != expected && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      reply = call.get();
    }
    return reply;
  }
}
