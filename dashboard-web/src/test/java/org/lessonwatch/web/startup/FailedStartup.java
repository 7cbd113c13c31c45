package org.lessonwatch.web.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import org.lessonwatch.web.testing.ApiClient;
import org.lessonwatch.web.testing.ApiClient.Reply;
import org.lessonwatch.web.testing.ServerOutput;
import org.lessonwatch.web.testing.TestTokens;
import org.lessonwatch.web.testing.Viewer;

/**
 * What a server whose start-up failed must show: every request a 503 (a problem document for the
 * API, a page for the dashboard), readiness and liveness DOWN naming the step, and one log line
 * naming the cause. Never the container's bare 403 of an application that is not there.
 */
final class FailedStartup {

  private FailedStartup() {}

  static void assertFailedLoudly(ApiClient api, String step) {
    Reply ready = api.get("health/ready", null);
    assertEquals(503, ready.status(), ready::toString);
    JsonObject startup = check(ready.json(), "startup");
    assertEquals("DOWN", startup.getString("status"), ready::toString);
    assertEquals("failed", startup.getJsonObject("data").getString("state"));
    assertEquals(step, startup.getJsonObject("data").getString("step"));
    Reply live = api.get("health/live", null);
    assertEquals(503, live.status(), live::toString);
    assertEquals("DOWN", check(live.json(), "startup").getString("status"));

    String heartbeat = "{\"content_kind\": \"lms_lesson\", \"content_id\": 1, \"position_sec\": 1}";
    for (Reply refused :
        new Reply[] {
          api.post(Viewer.HEARTBEAT_PATH, TestTokens.learner("learner-1"), heartbeat),
          api.put("api/v1/content/courses/1", TestTokens.admin(), "{\"title\": \"t\"}"),
          api.get("api/v1/videos/engagement/analytics/summary", TestTokens.admin())
        }) {
      assertEquals(503, refused.status(), refused::toString);
      assertTrue(refused.contentType().startsWith("application/problem+json"), refused::toString);
      assertEquals("urn:lessonwatch:problem:not-started", refused.json().getString("type"));
      assertTrue(refused.header("Retry-After").isPresent(), "Retry-After");
    }
    Reply page = api.get("dashboard/login", null);
    assertEquals(503, page.status(), page::toString);
    assertTrue(page.contentType().startsWith("text/html"), page::toString);
    assertTrue(page.body().contains("The service did not start"), page::toString);
  }

  private static JsonObject check(JsonObject health, String name) {
    return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
        .filter(c -> c.getString("name").equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " check in " + health));
  }

  /** The server logged one line with all these texts. */
  static void assertLogged(ServerOutput log, String... texts) {
    assertTrue(
        log.hasLineWith(texts), () -> "no log line with all of " + String.join(" | ", texts));
  }
}
