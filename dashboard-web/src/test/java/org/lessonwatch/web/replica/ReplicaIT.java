package org.lessonwatch.web.replica;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
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
import org.lessonwatch.web.testing.MetricsScrape;
import org.lessonwatch.web.testing.SessionFixture;
import org.lessonwatch.web.testing.TestDatabase;
import org.lessonwatch.web.testing.TestTokens;

/**
 * Reports read from a real streaming replica ({@code engagement.db.read-url}): the second
 * PostgreSQL cluster on port 5433 that {@code src/dev/replica.sh} makes with pg_basebackup (CI runs
 * it). While the replica's replay is paused, the pages and the JSON show what the replica holds,
 * not what the primary has, and the pages say how far behind it is; once it replays again, every
 * number equals the primary's.
 */
@ExtendWith(ArquillianExtension.class)
class ReplicaIT {

  static final String REPLICA_URL = TestDatabase.url().replace(":5432/", ":5433/");

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.engagementWar(
        Map.of("engagement.db.read-url", REPLICA_URL, "engagement.db.read-lag-notice", "PT3S"));
  }

  @ArquillianResource URL base;

  @Test
  void reportsComeFromTheReplicaAndMatchThePrimaryOnceItHasReplayed() throws Exception {
    try (Connection replica = replica()) {
      var recovery = replica.createStatement().executeQuery("SELECT pg_is_in_recovery()");
      assertTrue(recovery.next() && recovery.getBoolean(1), "port 5433 is a standby");
    }
    Lesson lesson = new Lesson(base);
    ApiClient api = lesson.api;
    for (int i = 0; i < 3; i++) {
      lesson.endedSession("r" + i, 60 * i, i < 2);
    }
    String summary =
        "api/v1/videos/engagement/analytics/summary?content_kind="
            + lesson.ref.kind()
            + "&content_id="
            + lesson.ref.id();
    JsonObject three = await(() -> json(api, summary), s -> s.getInt("sessions") == 3);
    assertEquals(3, primaryCount(lesson.ref, "true"));
    assertEquals(2.0 / 3, three.getJsonNumber("completion_rate").doubleValue(), 1e-9);

    assertFalse(lesson.page().contains("behind:"), "a replica that keeps up");

    replay(false);
    try {
      for (int i = 3; i < 5; i++) {
        lesson.endedSession("r" + i, 60 * i, false);
      }
      assertEquals(5, primaryCount(lesson.ref, "true"), "the primary has five");
      lesson.awaitBehindNotice();
      assertEquals(3, json(api, summary).getInt("sessions"), "the JSON is the replica's too");
    } finally {
      replay(true);
    }

    JsonObject five = await(() -> json(api, summary), s -> s.getInt("sessions") == 5);
    assertAll(
        "as the primary has them",
        () -> assertEquals(primaryCount(lesson.ref, "true"), five.getInt("sessions")),
        () ->
            assertEquals(
                primaryCount(lesson.ref, "completed_at IS NOT NULL") / 5.0,
                five.getJsonNumber("completion_rate").doubleValue(),
                1e-9),
        () -> assertEquals(5, five.getInt("learners")));
    assertTrue(lesson.awaitNoNotice().contains("Sessions"), "the page itself");
  }

  @Test
  void aReplicaCutOffFromThePrimarySaysItMayBeBehind() throws Exception {
    Lesson lesson = new Lesson(base);
    lesson.endedSession("c0", 0, true);
    lesson.awaitNoNotice();

    primaryConninfo("'host=localhost port=1 connect_timeout=1'");
    try {
      await(ReplicaIT::receiving, receiving -> !receiving);
      // what the replica does not get: it has replayed all it received, and knows nothing newer
      lesson.endedSession("c1", 60, true);
      lesson.awaitBehindNotice();
      double lag = MetricsScrape.of(lesson.api).value("lessonwatch_report_db_lag_seconds", "");
      assertTrue(lag > 3, "the metric says so too: " + lag);
    } finally {
      primaryConninfo("DEFAULT");
    }
    await(ReplicaIT::receiving, receiving -> receiving);
    lesson.awaitNoNotice();
    MetricsScrape current =
        MetricsScrape.await(
            lesson.api, scrape -> scrape.value("lessonwatch_report_db_lag_seconds", "") == 0);
    assertEquals(0, current.value("lessonwatch_report_db_lag_seconds", ""), current::text);
  }

  /**
   * A 600 s lesson of a new course, its page as an admin sees it, and the sessions the tests write
   * to it on the primary (learners tagged per test).
   */
  private static final class Lesson {
    final ApiClient api;
    final LessonRef ref;
    final DashboardClient pages;
    final String page;
    final String tag = UUID.randomUUID().toString();
    final SessionFixture fixture = new SessionFixture(ZoneOffset.UTC);
    final Instant hourAgo = Instant.now().minus(Duration.ofHours(1));

    Lesson(URL base) {
      api = new ApiClient(base);
      Catalog catalog = new Catalog(api);
      ref = catalog.lessonOf(catalog.course(), 600);
      pages = DashboardClient.signedInAdmin(base);
      page = "dashboard/lessons/" + ref.kind() + "/" + ref.id();
    }

    /**
     * A 10-minute sitting of the lesson by {@code learner}, {@code secondsAfter} seconds after an
     * hour ago, ended, complete or stopped at 100 s.
     */
    void endedSession(String learner, int secondsAfter, boolean complete) {
      Instant start = hourAgo.plusSeconds(secondsAfter);
      fixture.session(
          learner + "-" + tag,
          ref,
          1,
          start,
          start.plusSeconds(600),
          start.plusSeconds(600),
          complete ? start.plusSeconds(590) : null,
          600,
          complete ? 600 : 100);
    }

    String page() {
      return pages.get(page).body();
    }

    void awaitBehindNotice() throws InterruptedException {
      String behind = await(this::page, body -> body.contains("behind:"));
      assertTrue(
          behind.contains("These figures come from a copy of the database that is "), behind);
    }

    String awaitNoNotice() throws InterruptedException {
      return await(this::page, body -> !body.contains("behind:"));
    }
  }

  private static JsonObject json(ApiClient api, String path) {
    ApiClient.Reply reply = api.get(path, TestTokens.admin());
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  private static long primaryCount(LessonRef lesson, String condition) {
    return ((Number)
            TestDatabase.value(
                "SELECT count(*) FROM watch_sessions WHERE content_kind = ? AND content_id = ? AND "
                    + condition,
                lesson.kind(),
                lesson.id()))
        .longValue();
  }

  private static Connection replica() throws SQLException {
    return DriverManager.getConnection(REPLICA_URL, TestDatabase.user(), TestDatabase.password());
  }

  /** Pauses or resumes the replica's replay of the primary's changes. */
  private static void replay(boolean on) throws SQLException {
    try (Connection replica = replica()) {
      replica
          .createStatement()
          .execute(on ? "SELECT pg_wal_replay_resume()" : "SELECT pg_wal_replay_pause()");
    }
  }

  /**
   * Points the replica's streaming at {@code value} (a quoted conninfo), or back at the primary
   * ({@code DEFAULT}: the conninfo src/dev/replica.sh keeps in the cluster's configuration).
   */
  private static void primaryConninfo(String value) throws SQLException {
    try (Connection replica = replica()) {
      replica.createStatement().execute("ALTER SYSTEM SET primary_conninfo = " + value);
      replica.createStatement().execute("SELECT pg_reload_conf()");
    }
  }

  /** Whether the replica has a WAL receiver connected to a primary. */
  private static boolean receiving() {
    try (Connection replica = replica()) {
      var rows =
          replica.createStatement().executeQuery("SELECT count(*) FROM pg_stat_wal_receiver");
      return rows.next() && rows.getLong(1) > 0;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first value within 30 s that {@code done} accepts. */
  private static <T> T await(Supplier<T> read, Predicate<T> done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    T value = read.get();
    while (!done.test(value)) {
      assertTrue(System.nanoTime() < deadline, () -> "not within 30 s: " + read.get());
      Thread.sleep(250);
      value = read.get();
    }
    return value;
  }
}
