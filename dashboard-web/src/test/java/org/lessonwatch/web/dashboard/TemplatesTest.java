package org.lessonwatch.web.dashboard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lessonwatch.content.ContentKind;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.content.CourseListing;
import org.lessonwatch.content.LessonListing;
import org.lessonwatch.engagement.DailyActivity;
import org.lessonwatch.engagement.Enrolment;
import org.lessonwatch.engagement.RetentionCurve;
import org.lessonwatch.web.access.Audience;
import org.lessonwatch.web.roster.CourseRoster;
import org.lessonwatch.web.roster.RosterMember;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templateresolver.FileTemplateResolver;

/** The page templates render with their view models and escape every title. */
class TemplatesTest {

  static final String SCRIPT = "<script>alert(1)</script>";

  final TemplateEngine engine = engine();

  static TemplateEngine engine() {
    FileTemplateResolver resolver = new FileTemplateResolver();
    resolver.setPrefix("src/main/webapp/WEB-INF/views/");
    return PageRenderer.newEngine(resolver);
  }

  Map<String, Object> base(String title) throws Exception {
    Map<String, Object> model = new HashMap<>();
    model.put("pageTitle", title);
    model.put("user", new Audience("ada", Set.of("instructor")));
    model.put("userLabel", "Ada <b>L</b>");
    model.put("csrf", "token-123");
    model.put("root", "");
    model.put(
        "filter",
        DateFilter.parse("2025-05-01", "2025-05-03", LocalDate.now(), ZoneOffset.UTC).form());
    return model;
  }

  String render(String template, Map<String, Object> model) {
    return engine.process(template, new Context(java.util.Locale.ENGLISH, model));
  }

  static RetentionCurve curve() {
    return ChartsTest.curve(5, 1.0, 0.2);
  }

  @Test
  void rendersLessonPageWithChartsAndEscapedTitles() throws Exception {
    Map<String, Object> model = base(SCRIPT);
    model.put(
        "lesson",
        new LessonListing(
            new ContentRef(ContentKind.LMS_LESSON, 7), 3, SCRIPT, 600, "https://v.test/7.mp4"));
    model.put("course", new CourseListing(3, SCRIPT));
    model.put("courseHref", "/dashboard/courses/3");
    model.put("kind", "LMS lesson");
    model.put("duration", "10:00");
    model.put("hasVideo", true);
    model.put("cards", Card.of(Card.NOTHING));
    model.put("empty", false);
    model.put("retention", Charts.retention(curve(), 600));
    model.put("dropOffs", Charts.dropOffs(curve(), 600));
    model.put("daily", Charts.daily(List.of(new DailyActivity(LocalDate.of(2025, 5, 1), 2, 1, 1))));
    model.put("zone", "UTC");
    model.put(
        "learners",
        ShortList.of(
            List.of(
                new LessonPage.LearnerRow(
                    "sub-" + SCRIPT, SCRIPT, "/l?x=1", "1", "5:00", "No", "2025-05-01"))));
    model.put(
        "roster",
        RosterView.of(
                Optional.of(
                    new CourseRoster(
                        List.of(new RosterMember("sub-1", SCRIPT, true)),
                        Optional.of(Instant.parse("2025-05-01T10:00:00Z")),
                        Optional.of(Instant.parse("2025-05-02T10:00:00Z")),
                        Optional.of("the LMS answered 503 " + SCRIPT))),
                new Enrolment(3, 2, 1, 0L),
                "this lesson",
                ZoneId.of("UTC"))
            .orElseThrow());
    model.put("learnersShown", 1);
    model.put("learnersTotal", "1,234");
    model.put("learnersCsv", "/lesson/learners.csv?from=2025-05-01");

    String html = render("dashboard/lesson", model);

    assertFalse(html.contains(SCRIPT), html);
    assertTrue(html.contains("<span class=\"who\">Ada &lt;b&gt;L&lt;/b&gt;</span>"), html);
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assertTrue(html.contains("The 1 learners who started a session last, of 1,234"), html);
    assertTrue(html.contains("Never started"), html);
    assertTrue(html.contains("1 of 3 completed it by furthest position"), html);
    assertTrue(html.contains("Roster from the LMS as of 2025-05-01 10:00"), html);
    assertTrue(html.contains("failed: the LMS answered 503 &lt;script&gt;"), html);
    assertTrue(html.contains("href=\"/lesson/learners.csv?from=2025-05-01\""), html);
    assertTrue(html.contains("role=\"img\""));
    assertTrue(html.contains("<title id=\"retention-title\">"), html);
    assertTrue(html.contains("aria-labelledby=\"retention-title retention-desc\""), html);
    assertTrue(html.contains("name=\"_csrf\" value=\"token-123\""), html);
    assertTrue(html.contains("value=\"2025-05-03\""), html);
    assertTrue(html.contains("<rect"), html);
  }

  @Test
  void rendersCourseOverviewLoginAndErrorPages() throws Exception {
    Map<String, Object> course = base(SCRIPT);
    course.put("course", new CourseListing(3, SCRIPT));
    course.put("cards", Card.of(Card.NOTHING));
    course.put("empty", true);
    course.put("noLessons", false);
    course.put(
        "columns",
        List.of(
            new CoursePage.SortLink("Lesson", "/x?sort=title&dir=asc", "ascending", " ▲", false)));
    course.put(
        "rows",
        List.of(
            new CoursePage.LessonRow(
                SCRIPT, "/l", "LMS lesson", "—", "—", "—", "—", "—", "—", "—", null),
            new CoursePage.LessonRow(
                "b",
                "/l2",
                "LMS lesson",
                "1",
                "1",
                "1%",
                "1%",
                "1%",
                "1%",
                "1%",
                Charts.sparkline(curve()))));
    course.put("lessonsCsv", "/a.csv");
    course.put("learnersCsv", "/b.csv");
    List<AtRiskList.Row> away =
        List.of(new AtRiskList.Row("sub-1", SCRIPT, "/r1", "2025-04-01", 1, "1 of 2"));
    course.put(
        "atRisk",
        new AtRiskList(
            7,
            "last_active",
            away,
            ShortList.of(away),
            List.of(new AtRiskList.Row("sub-2", null, "/r2", "", 0, "0 of 2")),
            true,
            false));
    course.put("atRiskDays", 7);
    course.put("atRiskBase", "/c?risk_sort=");
    course.put("atRiskCsv", "/c/at-risk.csv");
    course.put("find", SCRIPT);
    course.put("found", List.of(new CoursePage.Found(SCRIPT + " (sub-1)", "/r1")));
    String coursePage = render("dashboard/course", course);
    assertFalse(coursePage.contains(SCRIPT));
    assertTrue(coursePage.contains("Enrolled, never started"), coursePage);
    assertTrue(coursePage.contains("1 of 2"), coursePage);
    assertTrue(coursePage.contains("aria-sort=\"ascending\""), coursePage);
    assertTrue(coursePage.contains("<polyline"), coursePage);

    Map<String, Object> overview = base("Overview");
    overview.put("cards", Card.of(Card.NOTHING));
    overview.put("empty", true);
    overview.put("daily", Charts.daily(List.of()));
    overview.put(
        "dropOffs", List.of(new OverviewPage.DropOffRow(SCRIPT, SCRIPT, "/l", "50.0%", "1 of 2")));
    overview.put("courses", List.of(new OverviewPage.CourseLink(SCRIPT, "/c", "2 lessons")));
    String overviewPage = render("dashboard/overview", overview);
    assertFalse(overviewPage.contains(SCRIPT));
    assertTrue(overviewPage.contains("No sessions in this range"));

    Map<String, Object> login = base("Sign in");
    login.put("user", null);
    login.put("username", SCRIPT);
    login.put("error", "Wrong username or password.");
    login.put("notice", "Too many attempts, try again in 5 minutes.");
    String loginPage = render("dashboard/login", login);
    assertFalse(loginPage.contains(SCRIPT));
    assertTrue(loginPage.contains("Too many attempts"));
    assertFalse(loginPage.contains("Sign out"));

    Map<String, Object> error = base("Invalid date range");
    error.put("message", "bad");
    error.put("status", 400);
    error.put("action", "/dashboard");
    error.put("filter", new DateFilter.Form(SCRIPT, "", "", ""));
    String errorPage = render("dashboard/error", error);
    assertFalse(errorPage.contains(SCRIPT));
    assertTrue(errorPage.contains("To (inclusive)"));
  }
}
