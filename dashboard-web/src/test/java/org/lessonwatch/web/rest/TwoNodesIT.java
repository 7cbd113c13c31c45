package org.lessonwatch.web.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import org.lessonwatch.web.testing.TestTokens;
import org.lessonwatch.web.testing.Viewer;

/**
 * Two Payara Micro nodes on one database, as behind a load balancer: a lesson created or changed on
 * one is seen by the other within a moment, also when the other had looked it up (and cached what
 * it found) before. A node started later warms up before it says it is ready.
 */
@ExtendWith(ArquillianExtension.class)
class TwoNodesIT {

  /** How soon the other node must see a change: well under the caches' own expiries. */
  static final long WITHIN_MILLIS = 3000;

  static SecondNode nodeB;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.engagementWar();
  }

  @ArquillianResource URL base;

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
   * A node that warms up (here for 8 s) says so on its readiness until it is done, serves a real
   * player meanwhile, rehearses its own heartbeats through the real write path (the database saw
   * the rows inserted and updated), and stores none of them, nor counts them in its metrics.
   */
  @Test
  void aNodeWarmsUpBeforeItIsReadyAndStoresNothingOfIt() throws Exception {
    LessonRef lesson = new Catalog(new ApiClient(base)).lmsLesson(600);
    long updatedBefore = sessionUpdates();
    try (SecondNode nodeC = SecondNode.launch(Map.of("engagement.startup.warm-up", "PT8S"))) {
      ApiClient c = new ApiClient(nodeC.url());
      Reply ready = null;
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (System.nanoTime() < deadline) {
        try {
          ready = c.get("health/ready", null);
          if (ready.body().contains("\"warming up\"")) {
            break;
          }
        } catch (UncheckedIOException e) {
          // not listening yet
        }
        Thread.sleep(200);
      }
      assertNotNull(ready, "node C never answered");
      assertEquals(503, ready.status(), ready::toString);
      assertTrue(ready.body().contains("\"warming up\""), ready::toString);

      Viewer player = new Viewer(c, lesson);
      assertEquals(200, player.at(5).status(), "a player is served while the node warms up");

      nodeC.awaitReady(Duration.ofMinutes(1));
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
      assertEquals(1, metrics.value("lessonwatch_heartbeats_total", ""), "the player's only");
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
