package org.lessonwatch.web.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.lessonwatch.web.testing.DashboardClient;
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

  /** Wrong passwords sent at once for one username, more than the throttle lets be checked. */
  static final int SIMULTANEOUS_GUESSES = 30;

  @Deployment(testable = false)
  static WebArchive deployment() {
    // As many password checks at once as there are simultaneous guesses: only the throttle
    // stands between them and the hash.
    return Deployments.engagementWar(
        Map.of("engagement.login.max-concurrent-checks", Integer.toString(SIMULTANEOUS_GUESSES)));
  }

  @ArquillianResource URL base;

  ApiClient api;
  Catalog catalog;

  @BeforeEach
  void setUp() {
    api = new ApiClient(base);
    catalog = new Catalog(api);
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
    DashboardClient browser = new DashboardClient(base);

    HttpResponse<String> overview = browser.get("dashboard");
    HttpResponse<String> course = browser.get("dashboard/courses/1");

    assertEquals(302, overview.statusCode());
    assertTrue(overview.headers().firstValue("Location").orElse("").endsWith("/dashboard/login"));
    assertEquals(302, course.statusCode());
  }

  @Test
  void answersWrongPasswordAndUnknownUserAlikeWithGenericMessage() {
    String instructor = account("instructor");
    DashboardClient browser = new DashboardClient(base);

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
    DashboardClient browser = new DashboardClient(base);

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

    DashboardClient admin = new DashboardClient(base);
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
    DashboardClient browser = new DashboardClient(base);
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
    DashboardClient browser = new DashboardClient(base);
    browser.logIn(ada, PASSWORD);

    HttpResponse<String> page = browser.get(lessonPath(lesson));
    HttpResponse<String> csv = browser.get(lessonPath(lesson) + "/learners.csv");

    assertEquals(200, page.statusCode(), page::body);
    // the first ten rows, then the rest behind "Show all": each learner links to their page
    String table = page.body().substring(page.body().indexOf("<table class=\"data learners\">"));
    table = table.substring(0, table.indexOf("</section>"));
    List<String> shown =
        Pattern.compile(">(latest-" + run + "-\\d+)</a>")
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
    DashboardClient browser = new DashboardClient(base);
    browser.logIn(ada, PASSWORD);
    HttpResponse<String> overview = browser.get("dashboard");
    assertEquals(200, overview.statusCode());

    HttpResponse<String> withoutToken = browser.post("dashboard/logout", Map.of());
    assertEquals(403, withoutToken.statusCode(), withoutToken::body);
    assertEquals(200, browser.get("dashboard").statusCode(), "a forged sign-out changes nothing");
    assertEquals(405, browser.get("dashboard/logout").statusCode(), "no sign-out by link");

    HttpResponse<String> logout =
        browser.post("dashboard/logout", Map.of("_csrf", DashboardClient.csrf(overview.body())));

    assertEquals(303, logout.statusCode(), logout::body);
    assertEquals(302, browser.get("dashboard").statusCode());
  }

  @Test
  void refusesLoginWithoutCsrfToken() {
    String ada = account("instructor");
    DashboardClient browser = new DashboardClient(base);
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
    DashboardClient browser = new DashboardClient(base);
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
  void checksOnlyFiveOfManySimultaneousGuessesForAUsernameAndRefusesTheRest() throws Exception {
    String ada = account("instructor");
    List<DashboardClient> guessers = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < SIMULTANEOUS_GUESSES; i++) {
      guessers.add(new DashboardClient(base));
      tokens.add(guessers.get(i).loginFormToken());
    }

    List<HttpResponse<String>> replies =
        DashboardClient.simultaneously(
            SIMULTANEOUS_GUESSES, i -> guessers.get(i).logIn(tokens.get(i), ada, "guess " + i));
    HttpResponse<String> correct = new DashboardClient(base).logIn(ada, PASSWORD);

    Map<Integer, Long> statuses =
        replies.stream()
            .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
    assertEquals(Map.of(401, 5L, 429, SIMULTANEOUS_GUESSES - 5L), statuses);
    for (HttpResponse<String> refused : replies) {
      if (refused.statusCode() == 429) {
        assertTrue(refused.body().contains("Too many attempts, try again in"), refused::body);
        assertTrue(refused.headers().firstValue("Retry-After").isPresent(), "Retry-After");
      }
    }
    assertEquals(429, correct.statusCode(), correct::body);
    assertTrue(
        correct.body().contains("Too many attempts, try again in 5 minutes."), correct::body);
  }

  @Test
  void answersCredentialsNoAccountCanHaveAsWrongWithoutCountingThem() {
    String ada = account("instructor");
    DashboardClient browser = new DashboardClient(base);
    List<HttpResponse<String>> replies = new ArrayList<>();
    for (String password : List.of("x".repeat(1025), "y".repeat(30_000), "z".repeat(1025))) {
      replies.add(browser.logIn(ada, password));
      replies.add(browser.logIn(ada, PASSWORD + password));
    }
    replies.add(browser.logIn(ada + "\0", PASSWORD));
    replies.add(browser.logIn("\0", PASSWORD));
    replies.add(browser.logIn("x".repeat(256), PASSWORD));
    replies.add(browser.logIn("   ", PASSWORD));

    for (HttpResponse<String> reply : replies) {
      assertEquals(401, reply.statusCode(), reply::body);
      assertTrue(reply.body().contains("Wrong username or password."), reply::body);
      assertFalse(reply.body().contains("Too many attempts"), reply::body);
    }
    assertEquals(
        303, browser.logIn(ada, PASSWORD).statusCode(), "six long passwords locked nothing");
  }

  @Test
  void readsTheFormAsUtf8SoThatAnyUsernameAndPasswordSignIn() {
    String jurgen = "jürgen-" + UUID.randomUUID() + "-🎓";
    String password = "pässwörd 日本語 🎓";
    var created =
        api.put(
            "api/v1/admin/accounts/" + URLEncoder.encode(jurgen, StandardCharsets.UTF_8),
            TestTokens.admin(),
            "{\"password\": \"" + password + "\", \"roles\": [\"instructor\"]}");
    assertEquals(201, created.status(), created::toString);
    DashboardClient browser = new DashboardClient(base);

    HttpResponse<String> broken =
        browser.post(
            "dashboard/login",
            HttpRequest.BodyPublishers.ofString(
                "_csrf=" + browser.loginFormToken() + "&username=ada%ED%A0%80%C3&password=x"));
    HttpResponse<String> login = browser.logIn(jurgen, password);

    assertEquals(401, broken.statusCode(), broken::body);
    assertTrue(broken.body().contains("Wrong username or password."), broken::body);
    assertEquals(303, login.statusCode(), login::body);
    assertTrue(browser.get("dashboard").body().contains(jurgen), "signed in by that name");
  }

  @Test
  void refusesFormsOfUnknownOrExcessiveLengthWithoutAServerError() {
    String ada = account("instructor");
    DashboardClient browser = new DashboardClient(base);
    String start = "_csrf=" + browser.loginFormToken() + "&username=" + ada + "&password=";

    HttpResponse<String> overPayarasLimit =
        browser.post(
            "dashboard/login",
            HttpRequest.BodyPublishers.ofString(start + "x".repeat(3 * 1024 * 1024)));
    HttpResponse<String> overOurs =
        browser.post(
            "dashboard/login", HttpRequest.BodyPublishers.ofString(start + "x".repeat(65 * 1024)));
    byte[] chunked = (start + "x".repeat(1024)).getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> ofUnknownLength =
        browser.post(
            "dashboard/login",
            HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(chunked)));

    assertEquals(413, overPayarasLimit.statusCode(), overPayarasLimit::body);
    assertTrue(overPayarasLimit.body().contains("Form too large"), overPayarasLimit::body);
    assertEquals(413, overOurs.statusCode(), overOurs::body);
    assertEquals(411, ofUnknownLength.statusCode(), ofUnknownLength::body);
    assertEquals(303, browser.logIn(ada, PASSWORD).statusCode(), "the session still signs in");
  }

  @Test
  void keepsTheSessionInAnHttpOnlySameSiteCookieRenewedAtLogin() {
    String ada = account("instructor");
    DashboardClient browser = new DashboardClient(base);

    HttpResponse<String> form = browser.get("dashboard/login");
    String before = sessionCookie(form);
    HttpResponse<String> login =
        browser.post(
            "dashboard/login",
            Map.of(
                "_csrf", DashboardClient.csrf(form.body()), "username", ada, "password", PASSWORD));

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
    DashboardClient browser = new DashboardClient(base);
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
    DashboardClient admin = new DashboardClient(base);
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
      // DashboardClient speaks HTTP/1.1: on HTTP/2 streams Grizzly decodes paths as Latin-1
      HttpResponse<String> page = admin.get(path);
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
