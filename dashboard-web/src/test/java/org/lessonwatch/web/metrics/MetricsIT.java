package org.lessonwatch.web.metrics;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lessonwatch.web.testing.ApiClient;
import org.lessonwatch.web.testing.ApiClient.Reply;
import org.lessonwatch.web.testing.Catalog;
import org.lessonwatch.web.testing.Catalog.LessonRef;
import org.lessonwatch.web.testing.DashboardClient;
import org.lessonwatch.web.testing.Deployments;
import org.lessonwatch.web.testing.TestTokens;
import org.lessonwatch.web.testing.Viewer;

/**
 * The application metrics in {@code /metrics} (Prometheus text, {@code mp_scope="application"})
 * move with what the service does: heartbeats by status, the writers' groups, the report pages, the
 * roll-up job, the token cache (docs/operations.md).
 */
@ExtendWith(ArquillianExtension.class)
class MetricsIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.engagementWar();
  }

  @ArquillianResource URL base;

  @Test
  void heartbeatsPagesAndTheRollupJobShowInTheApplicationMetrics() throws Exception {
    ApiClient api = new ApiClient(base);
    LessonRef lesson = new Catalog(api).lmsLesson(600);
    String password = "metrics-" + UUID.randomUUID();
    String admin = "admin-" + UUID.randomUUID();
    api.put(
        "api/v1/admin/accounts/" + admin,
        TestTokens.admin(),
        "{\"password\": \"" + password + "\", \"roles\": [\"admin\"]}");
    DashboardClient pages = new DashboardClient(base);
    pages.logIn(admin, password);
    // the filter counts once the answer has gone out: the login's landing on the overview may
    // show a moment after the client has it
    Scrape before = awaitScrape(api, scrape -> scrape.value(REPORTS, "page=\"overview\"") >= 1);

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
    Scrape after =
        awaitScrape(
            api,
            scrape ->
                scrape.increase(before, "lessonwatch_rollup_batch_ms_count", "") >= 1
                    && scrape.increase(before, "lessonwatch_heartbeats_total", "") >= 6
                    && scrape.increase(before, REPORTS, "") >= 3);
    Scrape last = after;
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
        () -> assertTrue(last.value("lessonwatch_token_cache_entries", "") >= 1),
        () ->
            assertTrue(
                last.text().contains("lessonwatch_heartbeats_total{mp_scope=\"application\""),
                last::text));
  }

  static final String REPORTS = "lessonwatch_report_ms_count";

  /** The first scrape within 30 s that {@code ready} accepts, else the last one. */
  private static Scrape awaitScrape(ApiClient api, Predicate<Scrape> ready)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Scrape scrape = scrape(api);
    while (!ready.test(scrape) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      scrape = scrape(api);
    }
    return scrape;
  }

  private static Scrape scrape(ApiClient api) {
    Reply reply = api.get("/metrics", null);
    assertEquals(200, reply.status(), reply::toString);
    return new Scrape(reply.body());
  }

  /** One scrape of {@code /metrics}. */
  record Scrape(String text) {

    /** The sum of the samples of {@code name} whose labels contain {@code label}; 0 if none. */
    double value(String name, String label) {
      Matcher line =
          Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\}\\s+(\\S+)$", Pattern.MULTILINE)
              .matcher(text);
      double sum = 0;
      while (line.find()) {
        if (line.group(1).contains("mp_scope=\"application\"") && line.group(1).contains(label)) {
          sum += Double.parseDouble(line.group(2));
        }
      }
      return sum;
    }

    double increase(Scrape earlier, String name, String label) {
      return value(name, label) - earlier.value(name, label);
    }
  }
}
