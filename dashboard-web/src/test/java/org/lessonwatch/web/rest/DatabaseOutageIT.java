package org.lessonwatch.web.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lessonwatch.web.rest.HeartbeatApiIT.assertProblem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lessonwatch.web.testing.ApiClient;
import org.lessonwatch.web.testing.ApiClient.Reply;
import org.lessonwatch.web.testing.Catalog;
import org.lessonwatch.web.testing.Catalog.LessonRef;
import org.lessonwatch.web.testing.DatabaseProxy;
import org.lessonwatch.web.testing.Deployments;
import org.lessonwatch.web.testing.Viewer;

/**
 * The database going away and coming back, or staying reachable but not answering, through a proxy
 * between the application and PostgreSQL: players get a 503 they may retry, within the heartbeat
 * deadline, readiness answers at once, the login page still renders, and service resumes by itself.
 */
@ExtendWith(ArquillianExtension.class)
class DatabaseOutageIT {

  static final DatabaseProxy PROXY = startProxy();

  /** Small, so that a flood of heartbeats fills it while the database does not answer. */
  static final int QUEUE_CAPACITY = 4;

  /** What the players wait for an answer: the contract's 10 s. */
  static final Duration PLAYER_PATIENCE = Duration.ofSeconds(10);

  /** Well below the 8 s a statement waits on a database that does not answer. */
  static final Duration PROMPTLY = Duration.ofSeconds(4);

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.engagementWar(
        Map.of(
            "engagement.db.url",
            PROXY.jdbcUrl(),
            "engagement.heartbeat.queue-capacity",
            String.valueOf(QUEUE_CAPACITY)));
  }

  @ArquillianResource URL base;

  @AfterAll
  static void stopProxy() throws IOException {
    PROXY.close();
  }

  @Test
  void answersServiceUnavailableWhileDatabaseIsDownAndRecoversAfter() throws Exception {
    ApiClient api = new ApiClient(base);
    LessonRef lesson = new Catalog(api).lmsLesson(600);
    Viewer viewer = new Viewer(api, lesson);
    assertEquals(200, viewer.at(10).status());
    Viewer newcomer = new Viewer(api, new Catalog(api).lmsLesson(600));

    PROXY.cut();
    try {
      Reply during = viewer.at(20);
      Reply uncached = newcomer.at(5);
      Reply readiness = api.get("health/ready", null);

      assertEquals(503, during.status(), during::toString);
      assertProblem(during, 503);
      assertTrue(during.header("Retry-After").isPresent(), "Retry-After");
      assertEquals(503, uncached.status(), uncached::toString);
      assertEquals(503, readiness.status(), readiness::toString);
    } finally {
      PROXY.restore();
    }

    Reply after = retryUntilServed(() -> viewer.at(30));
    assertEquals(200, after.status(), after::toString);
    assertEquals(1, after.json().getInt("session_number"));
    assertEquals(30, after.json().getInt("max_position_sec"));
    assertEquals(2, viewer.sessions().get(0).heartbeatCount(), "the failed heartbeat left nothing");
  }

  @Test
  void answersWithinTheDeadlineWhileTheDatabaseDoesNotAnswerAndRecoversAfter() throws Exception {
    ApiClient api = new ApiClient(base);
    LessonRef lesson = new Catalog(api).lmsLesson(600);
    Viewer viewer = new Viewer(api, lesson);
    assertEquals(200, viewer.at(10).status());
    List<Viewer> flood = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      flood.add(new Viewer(api, lesson));
    }

    PROXY.stall();
    try {
      List<CompletableFuture<Reply>> answers =
          flood.stream()
              .map(other -> CompletableFuture.supplyAsync(() -> heartbeatWithin(api, other)))
              .toList();
      // readiness answers within 1 s of its own; the rest of the patience is this busy machine
      Reply readiness = api.send(api.request("health/ready", null).timeout(PROMPTLY).GET());
      Reply login = api.send(api.request("dashboard/login", null).timeout(PROMPTLY).GET());
      Reply mine = heartbeatWithin(api, viewer);

      assertEquals(503, readiness.status(), readiness::toString);
      assertEquals(200, login.status(), "the login page needs no database");
      assertProblem(mine, 503);
      assertTrue(mine.header("Retry-After").isPresent(), "Retry-After");
      Map<String, Long> details = new TreeMap<>();
      for (var answer : answers) {
        Reply reply = answer.get();
        assertEquals(503, reply.status(), reply::toString);
        assertTrue(reply.header("Retry-After").isPresent(), reply::toString);
        details.merge(reply.json().getString("detail"), 1L, Long::sum);
      }
      assertTrue(
          details.keySet().stream().anyMatch(d -> d.startsWith("too many heartbeats are waiting")),
          () -> "a full queue refuses at once: " + details);
    } finally {
      PROXY.resume();
    }

    Reply after = retryUntilServed(() -> viewer.at(30));
    assertEquals(200, after.status(), after::toString);
    assertEquals(30, after.json().getInt("max_position_sec"));
    assertEquals(200, retryUntilServed(() -> api.get("health/ready", null)).status());
  }

  /** A heartbeat at 20 s, sent by a player that waits no longer than the contract's 10 s. */
  private static Reply heartbeatWithin(ApiClient api, Viewer viewer) {
    return api.send(
        api.request(Viewer.HEARTBEAT_PATH, viewer.token())
            .timeout(PLAYER_PATIENCE)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(viewer.body(20, null, false))));
  }

  /** A client retries after a 503, as Retry-After tells it to; a few tries are plenty. */
  private static Reply retryUntilServed(java.util.function.Supplier<Reply> call)
      throws InterruptedException {
    Reply reply = call.get();
    for (int attempt = 0; attempt < 60 && reply.status() == 503; attempt++) {
      Thread.sleep(500);
      reply = call.get();
    }
    return reply;
  }

  private static DatabaseProxy startProxy() {
    try {
      return new DatabaseProxy();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
