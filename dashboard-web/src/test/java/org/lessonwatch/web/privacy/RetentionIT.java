package org.lessonwatch.web.privacy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
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
 * {@code engagement.retention}: the roll-up job deletes the rolled-up sessions that started before
 * the retention window, and the reports for those days keep their counts from the roll-ups; pages
 * whose range reaches before the window say so.
 */
@ExtendWith(ArquillianExtension.class)
class RetentionIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    // ten years: longer than any other class's sessions go back, as they share the test database
    return Deployments.engagementWar(Map.of("engagement.retention", "P3650D"));
  }

  @ArquillianResource URL base;

  @Test
  void deletesOldSessionsOnceRolledUpAndKeepsTheirCounts() throws Exception {
    ApiClient api = new ApiClient(base);
    Catalog catalog = new Catalog(api);
    long course = catalog.course();
    LessonRef lesson = catalog.lessonOf(course, 600);
    String old = "old-" + UUID.randomUUID();
    String recent = "recent-" + UUID.randomUUID();
    Instant now = Instant.now();
    // noon, so that both old sessions (the second starts an hour later) fall on the day asked for
    Instant longAgo =
        LocalDate.now(ZoneOffset.UTC).minusDays(4000).atTime(12, 0).toInstant(ZoneOffset.UTC);
    Instant twoDaysAgo = now.minus(Duration.ofDays(2));
    SessionFixture fixture = new SessionFixture(ZoneOffset.UTC);
    // in one transaction: were the job to roll up and delete the first before the second arrived,
    // the second would count its learner on that day again
    fixture.together(
        () -> {
          fixture.session(
              old,
              lesson,
              1,
              longAgo,
              longAgo.plusSeconds(600),
              longAgo.plusSeconds(600),
              longAgo.plusSeconds(590),
              600,
              600,
              true);
          fixture.session(
              old,
              lesson,
              2,
              longAgo.plusSeconds(3600),
              longAgo.plusSeconds(3700),
              longAgo.plusSeconds(3700),
              null,
              600,
              100);
        });
    fixture.session(
        recent,
        lesson,
        1,
        twoDaysAgo,
        twoDaysAgo.plusSeconds(600),
        twoDaysAgo.plusSeconds(600),
        twoDaysAgo.plusSeconds(590),
        600,
        600,
        true);

    // a deployment in another zone than the last one's re-settles every session first
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (count("SELECT count(*) FROM watch_sessions WHERE learner_sub = ?", old) > 0) {
      assertTrue(System.nanoTime() < deadline, "the old sessions go once rolled up");
      Thread.sleep(250);
    }

    LocalDate oldDay = LocalDate.ofInstant(longAgo, ZoneOffset.UTC);
    String scope = "content_kind=" + lesson.kind() + "&content_id=" + lesson.id();
    JsonObject then =
        api.get(
                "api/v1/videos/engagement/analytics/summary?"
                    + scope
                    + "&from="
                    + oldDay
                    + "&to="
                    + oldDay.plusDays(1),
                TestTokens.admin())
            .json();
    JsonObject week =
        api.get(
                "api/v1/videos/engagement/analytics/summary?"
                    + scope
                    + "&from="
                    + LocalDate.now(ZoneOffset.UTC).minusDays(6)
                    + "&to="
                    + LocalDate.now(ZoneOffset.UTC).plusDays(1),
                TestTokens.admin())
            .json();
    assertAll(
        "the old day's report, from the roll-ups alone",
        () ->
            assertEquals(
                1, count("SELECT count(*) FROM watch_sessions WHERE learner_sub = ?", recent)),
        () -> assertEquals(2, then.getInt("sessions")),
        () -> assertEquals(1, then.getInt("learners")),
        () -> assertEquals(0.5, then.getJsonNumber("completion_rate").doubleValue()),
        () -> assertEquals(1, then.getInt("return_sessions")),
        () -> assertEquals(1, week.getInt("sessions")),
        () -> assertEquals(1, week.getInt("learners")),
        () ->
            assertEquals(
                0L,
                count("SELECT count(*) FROM learner_rollups WHERE learner_sub = ?", old),
                "nothing per learner is kept for the deleted days"),
        () ->
            assertEquals(
                0L,
                count("SELECT count(*) FROM learner_lesson_coverage WHERE learner_sub = ?", old),
                "nor the lesson they completed by coverage then"),
        () ->
            assertEquals(
                1L,
                count("SELECT count(*) FROM learner_lesson_coverage WHERE learner_sub = ?", recent),
                "the recent learner's completion stays"),
        () ->
            assertEquals(
                0L,
                count("SELECT count(*) FROM lesson_learner_days WHERE learner_sub = ?", old),
                "nor their days per lesson, which the lesson's learner list reads"),
        () ->
            assertEquals(
                1L,
                count("SELECT count(*) FROM lesson_learner_days WHERE learner_sub = ?", recent),
                "the recent learner's day stays"));

    DashboardClient pages = DashboardClient.signedInAdmin(base);
    String reachingBack =
        pages.get("dashboard/courses/" + course + "?from=" + oldDay + "&to=" + oldDay).body();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String recentOnly =
        pages
            .get("dashboard/courses/" + course + "?from=" + today.minusDays(3) + "&to=" + today)
            .body();
    assertTrue(reachingBack.contains("have been deleted"), "the page says so");
    assertTrue(!recentOnly.contains("have been deleted"), "not for days still kept");
  }

  private static long count(String sql, String learner) {
    return ((Number) TestDatabase.value(sql, learner)).longValue();
  }
}
