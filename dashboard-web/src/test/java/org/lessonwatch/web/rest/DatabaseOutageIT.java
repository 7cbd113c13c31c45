package org.lessonwatch.web.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lessonwatch.web.rest.HeartbeatApiIT.assertProblem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Map;
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
 * The database going away and coming back, through a proxy between the application and PostgreSQL:
 * players get a 503 they may retry, and service resumes by itself.
 */
@ExtendWith(ArquillianExtension.class)
class DatabaseOutageIT {

  static final DatabaseProxy PROXY = startProxy();

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.engagementWar(Map.of("engagement.db.url", PROXY.jdbcUrl()));
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

  /** A client retries after a 503, as Retry-After tells it to; a few tries are plenty. */
  private static Reply retryUntilServed(java.util.function.Supplier<Reply> call)
      throws InterruptedException {
    Reply reply = call.get();
    for (int attempt = 0; attempt < 10 && reply.status() == 503; attempt++) {
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
