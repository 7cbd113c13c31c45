package org.lessonwatch.web.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lessonwatch.web.testing.ApiClient;
import org.lessonwatch.web.testing.Catalog;
import org.lessonwatch.web.testing.Catalog.LessonRef;
import org.lessonwatch.web.testing.Deployments;
import org.lessonwatch.web.testing.SessionFixture;
import org.lessonwatch.web.testing.TestTokens;
import org.lessonwatch.web.testing.Viewer;

/**
 * The dashboard pages as a browser uses them: form login with CSRF tokens and a session cookie, who
 * sees which course, escaping, CSV downloads, sign-out and throttling.
 */
@ExtendWith(ArquillianExtension.class)
class DashboardPagesIT {

  static final String PASSWORD = "correct horse battery";
  static final String SCRIPT = "<script>alert(1)</script>";
  static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.engagementWar();
  }

  @ArquillianResource URL base;

  ApiClient api;
  Catalog catalog;

  @BeforeEach
  void setUp() {
    api = new ApiClient(base);
    catalog = new Catalog(api);
  }

  /** A browser: keeps cookies, does not follow redirects so that tests can see them. */
  final class Browser {
    final CookieManager cookies = new CookieManager();
    final HttpClient client =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    HttpResponse<String> get(String path) {
      return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    HttpResponse<String> post(String path, Map<String, String> form) {
      String body =
          form.entrySet().stream()
              .map(
                  e ->
                      URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                          + "="
                          + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
              .collect(Collectors.joining("&"));
      return send(
          HttpRequest.newBuilder(uri(path))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Fetches the login form, then posts it with its CSRF token. */
    HttpResponse<String> logIn(String username, String password) {
      HttpResponse<String> form = get("dashboard/login");
      assertEquals(200, form.statusCode(), form::body);
      return post(
          "dashboard/login",
          Map.of("_csrf", csrf(form.body()), "username", username, "password", password));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
      try {
        return client.send(
            request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    URI uri(String path) {
      return URI.create(base.toString()).resolve("/" + path);
    }
  }

  static String csrf(String html) {
    Matcher matcher = CSRF.matcher(html);
    assertTrue(matcher.find(), () -> "no CSRF token in " + html);
    return matcher.group(1);
  }

  String account(String role) {
    String username = role + "-" + UUID.randomUUID();
    var reply =
        api.put(
            "api/v1/admin/accounts/" + username,
            TestTokens.admin(),
            "{\"password\": \"" + PASSWORD + "\", \"roles\": [\"" + role + "\"]}");
    assertEquals(201, reply.status(), reply::toString);
    return username;
  }

  long course(String title, String instructor) {
    long id = Catalog.freshId();
    var reply =
        api.put(
            "api/v1/content/courses/" + id,
            TestTokens.admin(),
            "{\"title\": \""
                + title.replace("\"", "\\\"")
                + "\", \"instructors\": [\""
                + instructor
                + "\"]}");
    assertEquals(201, reply.status(), reply::toString);
    return id;
  }

  /** A lesson of a 600-second video, watched to the middle by one learner and to the end by one. */
  LessonRef watchedLesson(long courseId, String learner) {
    LessonRef lesson = catalog.lessonOf(courseId, 600);
    Viewer dropper = new Viewer(api, lesson, learner);
    assertEquals(200, dropper.at(0, 600).status());
    assertEquals(200, dropper.at(300, 600).status());
    assertEquals(200, dropper.send(310, 600.0, true).status());
    Viewer finisher = new Viewer(api, lesson);
    assertEquals(200, finisher.at(0, 600).status());
    assertEquals(200, finisher.send(600, 600.0, true).status());
    return lesson;
  }

  static String lessonPath(LessonRef lesson) {
    return "dashboard/lessons/" + lesson.kind() + "/" + lesson.id();
  }

  @Test
  void sendsVisitorsWithoutSessionToTheLoginPage() {
    Browser browser = new Browser();

    HttpResponse<String> overview = browser.get("dashboard");
    HttpResponse<String> course = browser.get("dashboard/courses/1");

    assertEquals(302, overview.statusCode());
    assertTrue(overview.headers().firstValue("Location").orElse("").endsWith("/dashboard/login"));
    assertEquals(302, course.statusCode());
  }

  @Test
  void answersWrongPasswordAndUnknownUserAlikeWithGenericMessage() {
    String instructor = account("instructor");
    Browser browser = new Browser();

    HttpResponse<String> wrongPassword = browser.logIn(instructor, "not the password");
    HttpResponse<String> unknownUser = browser.logIn("nobody-" + UUID.randomUUID(), PASSWORD);
    HttpResponse<String> impossibleUser = browser.logIn(instructor + "\0", PASSWORD);

    for (HttpResponse<String> reply : List.of(wrongPassword, unknownUser, impossibleUser)) {
      assertEquals(401, reply.statusCode(), reply::body);
      assertTrue(reply.body().contains("Wrong username or password."), reply::body);
    }
    assertEquals(302, browser.get("dashboard").statusCode(), "still signed out");
  }

  @Test
  void showsInstructorsOnlyTheirOwnCoursesWithTitlesEscaped() {
    String ada = account("instructor");
    String bob = account("instructor");
    String learner = "=learner-" + UUID.randomUUID();
    long adaCourse = course("Ada course " + SCRIPT, ada);
    long bobCourse = course("Bob course", bob);
    LessonRef adaLesson = watchedLesson(adaCourse, learner);
    LessonRef bobLesson = watchedLesson(bobCourse, "learner-" + UUID.randomUUID());
    Browser browser = new Browser();

    HttpResponse<String> login = browser.logIn(ada, PASSWORD);
    HttpResponse<String> overview = browser.get("dashboard");
    HttpResponse<String> ownCourse = browser.get("dashboard/courses/" + adaCourse);
    HttpResponse<String> ownLesson = browser.get(lessonPath(adaLesson));
    HttpResponse<String> otherCourse = browser.get("dashboard/courses/" + bobCourse);
    HttpResponse<String> otherLesson = browser.get(lessonPath(bobLesson));
    HttpResponse<String> unknownCourse = browser.get("dashboard/courses/" + Catalog.freshId());

    assertEquals(303, login.statusCode(), login::body);
    assertEquals(200, overview.statusCode(), overview::body);
    assertTrue(
        overview.body().contains("Ada course &lt;script&gt;alert(1)&lt;/script&gt;"),
        overview::body);
    assertFalse(overview.body().contains("Bob course"), "other instructors' courses stay hidden");
    assertEquals(200, ownCourse.statusCode(), ownCourse::body);
    assertTrue(ownCourse.body().contains("Lesson " + adaLesson.id()), ownCourse::body);
    assertTrue(ownCourse.body().contains("50.0%"), "one of two sessions completed");
    assertTrue(ownCourse.body().contains("<polyline"), "retention sparkline");
    assertEquals(200, ownLesson.statusCode(), ownLesson::body);
    assertTrue(ownLesson.body().contains("id=\"retention-title\""), ownLesson::body);
    assertTrue(ownLesson.body().contains("id=\"drop-offs-title\""), ownLesson::body);
    assertTrue(ownLesson.body().contains(learner), ownLesson::body);
    for (HttpResponse<String> page : List.of(overview, ownCourse, ownLesson)) {
      assertFalse(page.body().contains(SCRIPT), page::body);
      assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    }
    assertEquals(403, otherCourse.statusCode(), otherCourse::body);
    assertEquals(403, otherLesson.statusCode(), otherLesson::body);
    assertTrue(otherLesson.body().contains("Not yours to see"), otherLesson::body);
    assertEquals(404, unknownCourse.statusCode(), unknownCourse::body);
    assertTrue(unknownCourse.body().contains("<html"), "an HTML page, not a problem document");

    Browser admin = new Browser();
    assertEquals(303, admin.logIn(account("admin"), PASSWORD).statusCode());
    assertEquals(200, admin.get("dashboard/courses/" + adaCourse).statusCode());
    assertEquals(200, admin.get("dashboard/courses/" + bobCourse).statusCode());
    assertEquals(200, admin.get(lessonPath(bobLesson)).statusCode());
  }

  @Test
  void exportsLessonAndLearnerRowsAsCsv() {
    String ada = account("instructor");
    String learner = "=cmd-" + UUID.randomUUID();
    long courseId = course("=Spreadsheet, \"quoted\"", ada);
    LessonRef watched = watchedLesson(courseId, learner);
    LessonRef unwatched = catalog.lessonOf(courseId, 300);
    Browser browser = new Browser();
    browser.logIn(ada, PASSWORD);

    HttpResponse<String> lessons = browser.get("dashboard/courses/" + courseId + "/lessons.csv");
    HttpResponse<String> learners = browser.get("dashboard/courses/" + courseId + "/learners.csv");

    assertEquals(200, lessons.statusCode(), lessons::body);
    assertTrue(lessons.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
    List<String> lessonRows = List.of(lessons.body().split("\r\n"));
    assertEquals(
        "content_kind,content_id,lesson,sessions,learners,completed_sessions,completion_rate,"
            + "learner_completion_rate,replay_rate,drop_off_rate,average_percent_watched",
        lessonRows.get(0));
    assertEquals(3, lessonRows.size(), lessons::body);
    assertTrue(
        lessonRows.contains(
            "lms_lesson,"
                + watched.id()
                + ",Lesson "
                + watched.id()
                + ",2,2,1,0.5000,0.5000,0.0000,0.5000,0.7583"),
        lessons::body);
    assertTrue(
        lessonRows.contains(
            "lms_lesson," + unwatched.id() + ",Lesson " + unwatched.id() + ",0,0,0,,,,,"),
        lessons::body);

    assertEquals(200, learners.statusCode(), learners::body);
    List<String> learnerRows = List.of(learners.body().split("\r\n"));
    assertEquals(
        "learner,content_kind,content_id,lesson,percent_watched,furthest_position_sec,completed,"
            + "sessions,last_seen",
        learnerRows.get(0));
    assertEquals(3, learnerRows.size(), learners::body);
    assertTrue(
        learnerRows.stream()
            .anyMatch(
                row ->
                    row.startsWith(
                        "'"
                            + learner
                            + ",lms_lesson,"
                            + watched.id()
                            + ",Lesson "
                            + watched.id()
                            + ",51.7,310,false,1,")),
        learners::body);
  }

  @Test
  void listsTheLearnersWhoStartedLastAndEveryLearnerInTheLessonCsv() {
    String ada = account("instructor");
    long courseId = course("Busy course", ada);
    LessonRef lesson = catalog.lessonOf(courseId, 600);
    String run = UUID.randomUUID().toString().substring(0, 8);
    SessionFixture sessions = new SessionFixture(ZoneId.of("UTC"));
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    int learners = LessonPage.LEARNERS_SHOWN + 20;
    // learner i's latest session started i minutes ago; every fifth also has an older session
    // that started before all latest ones, so being seen long ago does not push anyone out
    for (int i = 0; i < learners; i++) {
      String learner = "latest-" + run + "-" + i;
      Instant latest = now.minus(i + 1, ChronoUnit.MINUTES);
      int number = 1;
      if (i % 5 == 0) {
        Instant older = now.minus(3, ChronoUnit.DAYS).plusSeconds(i);
        sessions.session(learner, lesson, number++, older, older, older, older, 600, 600);
      }
      sessions.session(learner, lesson, number, latest, latest, latest, null, 600, i);
    }
    Browser browser = new Browser();
    browser.logIn(ada, PASSWORD);

    HttpResponse<String> page = browser.get(lessonPath(lesson));
    HttpResponse<String> csv = browser.get(lessonPath(lesson) + "/learners.csv");

    assertEquals(200, page.statusCode(), page::body);
    String table = page.body().substring(page.body().indexOf("<table class=\"data learners\">"));
    table = table.substring(0, table.indexOf("</table>"));
    List<String> shown =
        Pattern.compile("<td>(latest-" + run + "-\\d+)</td>")
            .matcher(table)
            .results()
            .map(match -> match.group(1))
            .toList();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < LessonPage.LEARNERS_SHOWN; i++) {
      expected.add("latest-" + run + "-" + i);
    }
    assertEquals(expected, shown, "the 100 latest starts, latest first");
    assertTrue(
        page.body().contains("The 100 learners who started a session last, of 120 in this range."),
        page::body);
    assertTrue(page.body().contains("/learners.csv?from="), page::body);

    assertEquals(200, csv.statusCode(), csv::body);
    assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
    List<String> rows = List.of(csv.body().split("\r\n"));
    assertEquals(learners + 1, rows.size(), csv::body);
    assertTrue(
        rows.contains(
            "latest-"
                + run
                + "-0,lms_lesson,"
                + lesson.id()
                + ",Lesson "
                + lesson.id()
                + ",100.0,600,true,2,"
                + now.minus(1, ChronoUnit.MINUTES)),
        csv::body);
    assertTrue(rows.stream().anyMatch(row -> row.startsWith("latest-" + run + "-119,")), csv::body);
    assertEquals(404, browser.get(lessonPath(lesson) + "/sessions.csv").statusCode());
  }

  @Test
  void signsOutByPostWithCsrfToken() {
    String ada = account("instructor");
    Browser browser = new Browser();
    browser.logIn(ada, PASSWORD);
    HttpResponse<String> overview = browser.get("dashboard");
    assertEquals(200, overview.statusCode());

    HttpResponse<String> withoutToken = browser.post("dashboard/logout", Map.of());
    assertEquals(403, withoutToken.statusCode(), withoutToken::body);
    assertEquals(200, browser.get("dashboard").statusCode(), "a forged sign-out changes nothing");
    assertEquals(405, browser.get("dashboard/logout").statusCode(), "no sign-out by link");

    HttpResponse<String> logout =
        browser.post("dashboard/logout", Map.of("_csrf", csrf(overview.body())));

    assertEquals(303, logout.statusCode(), logout::body);
    assertEquals(302, browser.get("dashboard").statusCode());
  }

  @Test
  void refusesLoginWithoutCsrfToken() {
    String ada = account("instructor");
    Browser browser = new Browser();
    browser.get("dashboard/login");

    HttpResponse<String> noToken =
        browser.post("dashboard/login", Map.of("username", ada, "password", PASSWORD));
    HttpResponse<String> wrongToken =
        browser.post(
            "dashboard/login", Map.of("_csrf", "forged", "username", ada, "password", PASSWORD));

    assertEquals(403, noToken.statusCode(), noToken::body);
    assertEquals(403, wrongToken.statusCode(), wrongToken::body);
    assertEquals(302, browser.get("dashboard").statusCode());
  }

  @Test
  void throttlesRepeatedFailuresForAUsername() {
    String ada = account("instructor");
    Browser browser = new Browser();
    for (int i = 0; i < 4; i++) {
      assertEquals(401, browser.logIn(ada, "guess " + i).statusCode());
    }
    HttpResponse<String> fifth = browser.logIn(ada, "guess 5");

    HttpResponse<String> correct = browser.logIn(ada, PASSWORD);

    assertTrue(fifth.body().contains("Too many attempts, try again in 5 minutes."), fifth::body);
    assertEquals(429, correct.statusCode(), correct::body);
    assertTrue(correct.body().contains("Wrong username or password."), correct::body);
    assertTrue(correct.body().contains("Too many attempts, try again in"), correct::body);
    assertEquals(302, browser.get("dashboard").statusCode());
  }

  @Test
  void keepsTheSessionInAnHttpOnlySameSiteCookieRenewedAtLogin() {
    String ada = account("instructor");
    Browser browser = new Browser();

    HttpResponse<String> form = browser.get("dashboard/login");
    String before = sessionCookie(form);
    HttpResponse<String> login =
        browser.post(
            "dashboard/login",
            Map.of("_csrf", csrf(form.body()), "username", ada, "password", PASSWORD));

    assertTrue(before.contains("HttpOnly"), before);
    assertTrue(before.contains("SameSite=Lax"), before);
    String after = sessionCookie(login);
    assertTrue(after.contains("HttpOnly") && after.contains("SameSite=Lax"), after);
    assertEquals(
        1,
        login.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("JSESSIONID="))
            .count(),
        () -> "one session cookie: " + login.headers().allValues("Set-Cookie"));
    assertFalse(before.split(";")[0].equals(after.split(";")[0]), "a new session id after sign-in");
  }

  @Test
  void explainsAnInvalidDateRange() {
    Browser browser = new Browser();
    browser.logIn(account("admin"), PASSWORD);

    HttpResponse<String> badDate = browser.get("dashboard?from=2025-13-01");
    HttpResponse<String> reversed = browser.get("dashboard?from=2025-05-10&to=2025-05-01");
    HttpResponse<String> fine = browser.get("dashboard?from=2025-05-01&to=2025-05-01");
    HttpResponse<String> lastDay = browser.get("dashboard?from=9999-12-31");

    assertEquals(400, badDate.statusCode(), badDate::body);
    assertTrue(badDate.body().contains("must be a date such as"), badDate::body);
    assertEquals(400, reversed.statusCode(), reversed::body);
    assertEquals(200, fine.statusCode(), fine::body);
    assertTrue(
        fine.body().contains("from 2025-05-01 to 2025-05-01, both days included"), fine::body);
    for (String odd :
        List.of(
            "from=%2B999999999-12-31",
            "to=-999999999-01-01",
            "from=-999999999-01-01&to=%2B999999999-12-31",
            "from=1899-12-31",
            "to=%2B10000-01-01")) {
      HttpResponse<String> page = browser.get("dashboard?" + odd);
      assertEquals(400, page.statusCode(), () -> odd + " " + page.body());
      assertTrue(page.body().contains("must be a date such as"), page::body);
    }
    assertEquals(200, lastDay.statusCode(), lastDay::body);
    assertTrue(
        lastDay.body().contains("from 9999-12-31 to 9999-12-31, both days included"),
        "the default end stays within the supported days: " + lastDay.body());
  }

  @Test
  void answersPathIdsWrittenOtherThanInAsciiDigitsWithNotFound() {
    Browser admin = new Browser();
    admin.logIn(account("admin"), PASSWORD);
    LessonRef lesson = catalog.lmsLesson(600);
    String course = "dashboard/courses/";
    String lessons = "dashboard/lessons/lms_lesson/";

    assertEquals(200, admin.get(course + lesson.courseId()).statusCode());
    assertEquals(200, admin.get(lessons + lesson.id()).statusCode());
    for (String path :
        List.of(
            course + "%2B" + lesson.courseId(),
            course + Catalog.arabicIndic(lesson.courseId()),
            course + "99999999999999999999",
            lessons + "%2B" + lesson.id(),
            lessons + Catalog.arabicIndic(lesson.id()))) {
      // HTTP/1.1: on HTTP/2 streams Grizzly decodes paths as Latin-1, which hides the digits.
      HttpResponse<String> page =
          admin.send(
              HttpRequest.newBuilder(admin.uri(path)).version(HttpClient.Version.HTTP_1_1).GET());
      assertEquals(404, page.statusCode(), () -> path + " " + page.body());
      assertTrue(page.body().contains("There is no such course or lesson."), page::body);
    }
  }

  static String sessionCookie(HttpResponse<String> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("JSESSIONID="))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers().map()));
  }
}
