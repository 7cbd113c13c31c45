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
    ApiClient api = new ApiClient(base);
    Catalog catalog = new Catalog(api);
    long course = catalog.course();
    LessonRef lesson = catalog.lessonOf(course, 600);
    String tag = UUID.randomUUID().toString();
    SessionFixture fixture = new SessionFixture(java.time.ZoneOffset.UTC);
    Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
    for (int i = 0; i < 3; i++) {
      endedSession(fixture, lesson, "r" + i + "-" + tag, hourAgo.plusSeconds(60 * i), i < 2);
    }
    String summary =
        "api/v1/videos/engagement/analytics/summary?content_kind="
            + lesson.kind()
            + "&content_id="
            + lesson.id();
    JsonObject three = await(() -> json(api, summary), s -> s.getInt("sessions") == 3);
    assertEquals(3, primaryCount(lesson, "true"));
    assertEquals(2.0 / 3, three.getJsonNumber("completion_rate").doubleValue(), 1e-9);

    DashboardClient pages = DashboardClient.signedInAdmin(base);
    String lessonPage = "dashboard/lessons/" + lesson.kind() + "/" + lesson.id();
    assertFalse(pages.get(lessonPage).body().contains("behind:"), "a replica that keeps up");

    replay(false);
    try {
      for (int i = 3; i < 5; i++) {
        endedSession(fixture, lesson, "r" + i + "-" + tag, hourAgo.plusSeconds(60 * i), false);
      }
      assertEquals(5, primaryCount(lesson, "true"), "the primary has five");
      String behind = await(() -> pages.get(lessonPage).body(), page -> page.contains("behind:"));
      assertTrue(
          behind.contains("These figures come from a copy of the database that is "), behind);
      assertEquals(3, json(api, summary).getInt("sessions"), "the JSON is the replica's too");
    } finally {
      replay(true);
    }

    JsonObject five = await(() -> json(api, summary), s -> s.getInt("sessions") == 5);
    assertAll(
        "as the primary has them",
        () -> assertEquals(primaryCount(lesson, "true"), five.getInt("sessions")),
        () ->
            assertEquals(
                primaryCount(lesson, "completed_at IS NOT NULL") / 5.0,
                five.getJsonNumber("completion_rate").doubleValue(),
                1e-9),
        () -> assertEquals(5, five.getInt("learners")));
    String caughtUp = await(() -> pages.get(lessonPage).body(), page -> !page.contains("behind:"));
    assertTrue(caughtUp.contains("Sessions"), "the page itself");
  }

  @Test
  void aReplicaCutOffFromThePrimarySaysItMayBeBehind() throws Exception {
    ApiClient api = new ApiClient(base);
    Catalog catalog = new Catalog(api);
    LessonRef lesson = catalog.lessonOf(catalog.course(), 600);
    DashboardClient pages = DashboardClient.signedInAdmin(base);
    String lessonPage = "dashboard/lessons/" + lesson.kind() + "/" + lesson.id();
    String tag = UUID.randomUUID().toString();
    SessionFixture fixture = new SessionFixture(java.time.ZoneOffset.UTC);
    Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
    endedSession(fixture, lesson, "c0-" + tag, hourAgo, true);
    await(() -> pages.get(lessonPage).body(), page -> !page.contains("behind:"));

    primaryConninfo("'host=localhost port=1 connect_timeout=1'");
    try {
      await(ReplicaIT::receiving, receiving -> !receiving);
      // what the replica does not get: it has replayed all it received, and knows nothing newer
      endedSession(fixture, lesson, "c1-" + tag, hourAgo.plusSeconds(60), true);
      String behind = await(() -> pages.get(lessonPage).body(), page -> page.contains("behind:"));
      assertTrue(
          behind.contains("These figures come from a copy of the database that is "), behind);
    } finally {
      primaryConninfo("DEFAULT");
    }
    await(ReplicaIT::receiving, receiving -> receiving);
    await(() -> pages.get(lessonPage).body(), page -> !page.contains("behind:"));
  }

  /** A 10-minute sitting of the 600 s lesson, ended, complete or stopped at 100 s. */
  private static void endedSession(
      SessionFixture fixture, LessonRef lesson, String learner, Instant start, boolean complete) {
    fixture.session(
        learner,
        lesson,
        1,
        start,
        start.plusSeconds(600),
        start.plusSeconds(600),
        complete ? start.plusSeconds(590) : null,
        600,
        complete ? 600 : 100);
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
