package org.lessonwatch.web.lti;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lessonwatch.web.testing.ApiClient;
import org.lessonwatch.web.testing.ApiClient.Reply;
import org.lessonwatch.web.testing.Catalog;
import org.lessonwatch.web.testing.Deployments;
import org.lessonwatch.web.testing.SessionFixture;
import org.lessonwatch.web.testing.SimulatedLms;
import org.lessonwatch.web.testing.TestDatabase;
import org.lessonwatch.web.testing.TestTokens;
import org.lessonwatch.web.testing.Viewer;

/**
 * LTI 1.3 launches against a simulated LMS ({@link SimulatedLms}: its own keys, key set and
 * authorization endpoint): the login redirect, a launch that signs an instructor in to the linked
 * course only, and every attack refused with a page, no session and nothing stored.
 */
@ExtendWith(ArquillianExtension.class)
class LtiLaunchIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.engagementWar();
  }

  /** Posts forms as a browser does, over HTTP/1.1. */
  private static final java.net.http.HttpClient FORMS =
      java.net.http.HttpClient.newBuilder()
          .version(java.net.http.HttpClient.Version.HTTP_1_1)
          .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
          .build();

  @ArquillianResource URL base;

  ApiClient api;
  SimulatedLms lms;
  String platformId;
  long course;
  long otherCourse;

  @BeforeEach
  void setUp() {
    api = new ApiClient(base);
    Catalog catalog = new Catalog(api);
    lms = new SimulatedLms();
    lms.trustTool(URI.create(base + "lti/jwks"));
    platformId = "lms-" + UUID.randomUUID();
    Reply registered =
        api.put("api/v1/admin/lti/platforms/" + platformId, TestTokens.admin(), lms.registration());
    assertEquals(201, registered.status(), registered::toString);
    course = catalog.course();
    otherCourse = catalog.course(lms.subject()); // lists the LMS user by name: still not theirs
    Reply linked =
        api.put(
            "api/v1/content/courses/" + course,
            TestTokens.admin(),
            "{\"title\": \"Linked <b>course</b>\", \"lti_contexts\": [{\"platform_id\": \""
                + platformId
                + "\", \"context_id\": \""
                + SimulatedLms.CONTEXT
                + "\"}]}");
    assertEquals(200, linked.status(), linked::toString);
  }

  @AfterEach
  void tearDown() {
    lms.close();
  }

  /** A started login: where the tool sent the browser, and the cookie it set there. */
  record Login(URI location, String cookie) {}

  private Login login(String issuer) {
    Reply reply =
        api.get(
            "lti/login?iss="
                + encode(issuer)
                + "&login_hint=hint-1&lti_message_hint=message-1&target_link_uri="
                + encode(base + "lti/launch")
                + "&client_id="
                + lms.clientId(),
            null);
    assertEquals(302, reply.status(), reply::toString);
    String cookie =
        reply.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("lti_login_"))
            .map(c -> c.substring(0, c.indexOf(';')))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no login cookie: " + reply.headers()));
    return new Login(URI.create(reply.header("Location").orElseThrow()), cookie);
  }

  private Login login() {
    return login(lms.issuer());
  }

  private Reply launch(Map<String, String> form, String cookie) {
    String body =
        form.entrySet().stream()
            .filter(e -> !e.getKey().equals("action"))
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder request =
        api.request("lti/launch", null)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    try {
      java.net.http.HttpResponse<String> response =
          FORMS.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers(), response.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String sessionCookie(Reply reply) {
    return reply.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("JSESSIONID="))
        .map(c -> c.substring(0, c.indexOf(';')))
        .findFirst()
        .orElse(null);
  }

  private Reply page(String path, String sessionCookie) {
    return api.send(api.request(path, null).header("Cookie", sessionCookie).GET());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static long usedNonces() {
    return ((Number) TestDatabase.value("SELECT count(*) FROM lti_used_nonces")).longValue();
  }

  /** The launch's refusal: its status, no session, no nonce stored. */
  private void assertRefused(int status, Reply reply, long noncesBefore, String why) {
    assertAll(
        why,
        () -> assertEquals(status, reply.status(), reply::toString),
        () -> assertTrue(reply.contentType().startsWith("text/html"), reply.contentType()),
        () -> assertNull(sessionCookie(reply), "no session: " + reply.headers()),
        () -> assertEquals(noncesBefore, usedNonces(), "nothing stored"));
  }

  @Test
  void redirectsTheLoginToThePlatformWithEverythingTheSpecAsks() {
    Login login = login();

    Map<String, String> form = lms.authorizeRedirect(login.location());

    assertTrue(login.location().toString().startsWith(lms.issuer() + "/auth?"), login::toString);
    assertTrue(
        login.location().getRawQuery().contains("lti_message_hint=message-1"), login::toString);
    assertTrue(login.location().getRawQuery().contains("login_hint=hint-1"), login::toString);
    assertEquals(base + "lti/launch", form.get("action"));
  }

  @Test
  void signsAnInstructorInToTheLinkedCourseOnly() {
    Login login = login();
    Reply launched = launch(lms.authorizeRedirect(login.location()), login.cookie());
    String session = sessionCookie(launched);

    assertEquals(303, launched.status(), launched::toString);
    assertEquals("/dashboard/courses/" + course, launched.header("Location").orElse(""));
    assertTrue(session != null, launched.headers()::toString);
    Reply coursePage = page("dashboard/courses/" + course, session);
    assertEquals(200, coursePage.status(), coursePage::toString);
    assertTrue(coursePage.body().contains("Linked &lt;b&gt;course&lt;/b&gt;"), "escaped title");
    assertTrue(
        coursePage.body().contains("<span class=\"who\">Ada Lovelace</span>"), "the LMS's name");
    assertTrue(
        coursePage
            .header("Content-Security-Policy")
            .orElse("")
            .contains("frame-ancestors " + lms.issuer()),
        coursePage.headers()::toString);
    assertEquals(403, page("dashboard/courses/" + otherCourse, session).status());
    assertEquals(200, page("dashboard/courses/" + course + "/learners/any-one", session).status());
    assertEquals(
        403, page("dashboard/courses/" + otherCourse + "/learners/any-one", session).status());
    Reply overview = page("dashboard", session);
    assertEquals(200, overview.status());
    assertFalse(overview.body().contains("Course " + otherCourse), "only the launched course");

    java.util.regex.Matcher csrf =
        java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
            .matcher(overview.body());
    assertTrue(csrf.find(), "a CSRF token on the page");
    Reply signedOut =
        api.send(
            api.request("dashboard/logout", null)
                .header("Cookie", session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + encode(csrf.group(1)))));
    assertEquals(200, signedOut.status(), "a page inside the LMS's frame, not the login page");
    assertTrue(signedOut.body().contains("open Lessonwatch from your LMS course"), signedOut::body);
    assertTrue(
        signedOut
            .header("Content-Security-Policy")
            .orElse("")
            .contains("frame-ancestors " + lms.issuer()),
        signedOut.headers()::toString);
    assertEquals(302, page("dashboard/courses/" + course, session).status(), "signed out");
  }

  @Test
  void refusesATokenSignedWithAnotherKey() throws Exception {
    long before = usedNonces();
    Login login = login();
    Map<String, String> form = lms.authorizeRedirect(login.location());
    String nonce = nonceOf(login);
    RSAKey attacker = new RSAKeyGenerator(2048).keyID("attacker").generate();
    form.put("id_token", SimulatedLms.sign(lms.nextClaims(nonce), attacker));

    assertRefused(401, launch(form, login.cookie()), before, "re-signed");
  }

  @Test
  void refusesAWrongAudienceAndAnExpiredToken() {
    long before = usedNonces();
    lms.nextLaunch(claims -> claims.audience("another-tool"));
    Login login = login();
    assertRefused(
        401, launch(lms.authorizeRedirect(login.location()), login.cookie()), before, "audience");

    lms.nextLaunch(
        claims ->
            claims
                .issueTime(Date.from(Instant.now().minusSeconds(3600)))
                .expirationTime(Date.from(Instant.now().minusSeconds(1800))));
    Login second = login();
    assertRefused(
        401, launch(lms.authorizeRedirect(second.location()), second.cookie()), before, "expired");
  }

  @Test
  void refusesAReplayedLaunch() {
    Login login = login();
    Map<String, String> form = lms.authorizeRedirect(login.location());
    assertEquals(303, launch(form, login.cookie()).status());
    long before = usedNonces();

    assertRefused(401, launch(form, login.cookie()), before, "replayed");
  }

  @Test
  void refusesAStateFromAnotherBrowserOrTamperedWith() {
    long before = usedNonces();
    Login login = login();
    Map<String, String> form = lms.authorizeRedirect(login.location());

    assertRefused(401, launch(form, null), before, "no login cookie");
    assertRefused(
        401, launch(form, login().cookie()), before, "the cookie of another login in this browser");
    Map<String, String> tampered = new java.util.LinkedHashMap<>(form);
    tampered.put("state", form.get("state").substring(0, form.get("state").length() - 4) + "AAAA");
    assertRefused(401, launch(tampered, login.cookie()), before, "tampered state");
  }

  @Test
  void refusesAnUnknownDeploymentAWrongMessageAndAWrongVersion() {
    long before = usedNonces();
    String lti = "https://purl.imsglobal.org/spec/lti/claim/";
    for (var change :
        List.<java.util.function.UnaryOperator<JWTClaimsSet.Builder>>of(
            claims -> claims.claim(lti + "deployment_id", "deployment-unknown"),
            claims -> claims.claim(lti + "message_type", "LtiDeepLinkingRequest"),
            claims -> claims.claim(lti + "version", "1.1"))) {
      lms.nextLaunch(change);
      Login login = login();
      assertRefused(
          401, launch(lms.authorizeRedirect(login.location()), login.cookie()), before, "claims");
    }
  }

  @Test
  void showsALearnerTheirOwnPageOnlyAndRefusesOtherRoles() {
    long before = usedNonces();
    String lti = "https://purl.imsglobal.org/spec/lti/claim/";
    String learnerSub = "learner-" + UUID.randomUUID();
    lms.signInAs(learnerSub);
    lms.nextLaunch(claims -> claims.claim(lti + "roles", List.of(SimulatedLms.LEARNER)));
    Login learner = login();
    Reply launched = launch(lms.authorizeRedirect(learner.location()), learner.cookie());
    String session = sessionCookie(launched);

    assertEquals(303, launched.status(), launched::toString);
    String own = "/dashboard/courses/" + course + "/learners/" + learnerSub;
    assertEquals(own, launched.header("Location").orElse(""));
    Reply ownPage = page(own.substring(1), session);
    assertEquals(200, ownPage.status(), ownPage::toString);
    assertTrue(ownPage.body().contains("What your instructor sees"), ownPage::body);
    assertAll(
        "a learner sees nothing else",
        () -> assertEquals(403, page("dashboard/courses/" + course, session).status()),
        () -> assertEquals(403, page("dashboard", session).status()),
        () ->
            assertEquals(
                403,
                page("dashboard/courses/" + course + "/learners/someone-else", session).status()),
        () ->
            assertEquals(
                403,
                page("dashboard/courses/" + otherCourse + "/learners/" + learnerSub, session)
                    .status()));
    before = usedNonces();

    lms.nextLaunch(
        claims ->
            claims.claim(
                lti + "roles",
                List.of("http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor")));
    Login mentor = login();
    assertRefused(
        403, launch(lms.authorizeRedirect(mentor.location()), mentor.cookie()), before, "mentor");
  }

  @Test
  void saysWhenTheLmsCourseIsNotLinked() {
    long before = usedNonces();
    String lti = "https://purl.imsglobal.org/spec/lti/claim/";
    lms.nextLaunch(
        claims -> claims.claim(lti + "context", Map.of("id", "unlinked", "title", "<i>Other</i>")));
    Login login = login();

    Reply reply = launch(lms.authorizeRedirect(login.location()), login.cookie());

    assertRefused(404, reply, before, "unlinked");
    assertTrue(reply.body().contains("unlinked"), reply::body);
    assertTrue(reply.body().contains("&lt;i&gt;Other&lt;/i&gt;"), "escaped: " + reply.body());
  }

  @Test
  void refusesAnOversizedTokenAndForm() {
    long before = usedNonces();
    String lti = "https://purl.imsglobal.org/spec/lti/claim/";
    lms.nextLaunch(claims -> claims.claim(lti + "custom", Map.of("x", "y".repeat(40_000))));
    Login login = login();
    assertRefused(
        401, launch(lms.authorizeRedirect(login.location()), login.cookie()), before, "token");

    lms.nextLaunch(claims -> claims.claim(lti + "custom", Map.of("x", "y".repeat(70_000))));
    Login second = login();
    assertRefused(
        413, launch(lms.authorizeRedirect(second.location()), second.cookie()), before, "form");
  }

  @Test
  void refusesALoginFromAnUnknownLms() {
    Reply reply =
        api.get("lti/login?iss=https%3A%2F%2Funknown.example&login_hint=h&target_link_uri=x", null);
    Reply incomplete = api.get("lti/login?iss=" + encode(lms.issuer()), null);

    assertEquals(400, reply.status(), reply::toString);
    assertTrue(reply.body().contains("not registered"), reply::body);
    assertEquals(400, incomplete.status(), incomplete::toString);
  }

  @Test
  void fetchesTheRosterAtLaunchAndCountsTheEnrolledWhoNeverStarted() {
    Catalog catalog = new Catalog(api);
    Catalog.LessonRef watched = catalog.lessonOf(course, 100);
    Catalog.LessonRef unwatched = catalog.lessonOf(course, 100);
    String tag = UUID.randomUUID().toString();
    String ada = "ada-" + tag;
    String ben = "ben-" + tag;
    lms.roster(
        List.of(
            SimulatedLms.member(ada, "Ada <b>L</b>", null, SimulatedLms.LEARNER),
            SimulatedLms.member(ben, "Ben", "Active", SimulatedLms.LEARNER),
            SimulatedLms.member("cy-" + tag, null, "Active", SimulatedLms.LEARNER),
            SimulatedLms.member("dee-" + tag, "Dee", "Active", "Learner"),
            SimulatedLms.member("eve-" + tag, "Eve", "Active", SimulatedLms.LEARNER),
            SimulatedLms.member("fay-" + tag, "Fay", "Inactive", SimulatedLms.LEARNER),
            SimulatedLms.member("gus-" + tag, "Gus", "Deleted", SimulatedLms.LEARNER),
            SimulatedLms.member("ian-" + tag, "Ian", "Active", SimulatedLms.INSTRUCTOR)));
    Viewer adaWatching = new Viewer(api, watched, ada);
    assertEquals(200, adaWatching.at(0, 100).status());
    assertEquals(200, adaWatching.at(95, 100).status()); // complete by furthest position
    assertEquals(200, new Viewer(api, watched, ben).at(20, 100).status());
    assertEquals(200, new Viewer(api, watched, "outsider-" + tag).at(95, 100).status());
    // cy completed the lesson three days ago, by both measures: the roll-ups hold that session
    Instant threeDaysAgo = Instant.now().minus(java.time.Duration.ofDays(3));
    new SessionFixture(java.time.ZoneOffset.UTC)
        .session(
            "cy-" + tag,
            watched,
            1,
            threeDaysAgo,
            threeDaysAgo.plusSeconds(100),
            threeDaysAgo.plusSeconds(100),
            threeDaysAgo.plusSeconds(100),
            100,
            100,
            true);
    awaitRolledUp("cy-" + tag);

    Login login = login();
    String session = sessionCookie(launch(lms.authorizeRedirect(login.location()), login.cookie()));
    Reply coursePage = awaitPage("dashboard/courses/" + course, session, "Roster from the LMS");

    assertEquals(List.of(), lms.refusals());
    assertEquals(1, lms.tokensIssued(), "one service token");
    assertEquals(2, lms.rosterPagesServed(), "both pages, along the next link");
    assertEquals("5", card(coursePage, "Enrolled"), "active learners only");
    assertEquals("2", card(coursePage, "Never started"));
    assertEquals("40.0%", card(coursePage, "Completed, of enrolled"), "ada now, cy rolled up");
    JsonObject courseSummary =
        api.get(
                "api/v1/videos/engagement/analytics/summary?course_id=" + course,
                TestTokens.admin())
            .json();
    JsonObject lessonSummary =
        api.get(
                "api/v1/videos/engagement/analytics/summary?content_kind="
                    + unwatched.kind()
                    + "&content_id="
                    + unwatched.id(),
                TestTokens.admin())
            .json();
    assertAll(
        () -> assertEquals(5, courseSummary.getInt("enrolled")),
        () -> assertEquals(2, courseSummary.getInt("never_started")),
        () -> assertEquals(2, courseSummary.getInt("enrolled_completed")),
        () -> assertTrue(courseSummary.isNull("enrolled_coverage_completed"), "lessons only"),
        () ->
            assertEquals(
                0.4, courseSummary.getJsonNumber("enrolled_completion_rate").doubleValue()),
        () ->
            assertEquals(
                4, courseSummary.getInt("learners"), "the outsider is a learner, not enrolled"),
        () -> assertTrue(courseSummary.containsKey("roster_fetched_at")),
        () -> assertEquals(5, lessonSummary.getInt("never_started")),
        () -> assertEquals(0, lessonSummary.getInt("enrolled_coverage_completed")));
    String atRiskPage = page("dashboard/courses/" + course + "?inactive_days=7", session).body();
    String neverStarted = atRiskPage.substring(atRiskPage.indexOf("Enrolled, never started"));
    assertTrue(
        neverStarted.contains("dee-" + tag) && neverStarted.contains("eve-" + tag), "dee, eve");
    assertFalse(
        neverStarted.contains("ada-" + tag) || neverStarted.contains("cy-" + tag), "started");
    assertFalse(
        atRiskPage.contains("<td>" + threeDaysAgo.toString().substring(0, 10) + "</td>"),
        "cy was active 3 days ago: not inactive for 7");
    Reply atRisk = page("dashboard/courses/" + course + "/at-risk.csv?inactive_days=2", session);
    assertEquals(200, atRisk.status(), atRisk::toString);
    assertTrue(
        atRisk
            .body()
            .contains(
                "cy-"
                    + tag
                    + ",,inactive 2+ days,"
                    + threeDaysAgo.toString().substring(0, 10)
                    + ",1"),
        atRisk::body);
    assertTrue(atRisk.body().contains("dee-" + tag + ",Dee,never started,,0"), atRisk::body);
    assertEquals(400, page("dashboard/courses/" + course + "?inactive_days=0", session).status());
    String byName = page("dashboard/courses/" + course + "?find=A+%3Cb%3El", session).body();
    assertTrue(byName.contains("Ada &lt;b&gt;L&lt;/b&gt; (ada-" + tag + ")"), "by roster name");
    String bySub = page("dashboard/courses/" + course + "?find=outsider-" + tag, session).body();
    assertTrue(
        bySub.contains("/learners/outsider-" + tag + "?"), "by the exact sub of one who watched");
    assertTrue(
        page("dashboard/courses/" + course + "?find=nobody-" + tag, session)
            .body()
            .contains("No learner of this course by that name or id."));
    String lessonHtml =
        page("dashboard/lessons/" + watched.kind() + "/" + watched.id(), session).body();
    assertTrue(lessonHtml.contains("Ada &lt;b&gt;L&lt;/b&gt;"), "the roster's name, escaped");
    assertTrue(lessonHtml.contains(ada), "beside the sub");
    Reply unwatchedPage =
        page("dashboard/lessons/" + unwatched.kind() + "/" + unwatched.id(), session);
    assertEquals("5", card(unwatchedPage, "Never started"));
  }

  @Test
  void keepsTheLastRosterWhenTheLmsFailsAndRefreshesAtMostEveryFewMinutes() throws Exception {
    String tag = UUID.randomUUID().toString();
    lms.roster(
        List.of(
            SimulatedLms.member("a-" + tag, "A", "Active", SimulatedLms.LEARNER),
            SimulatedLms.member("b-" + tag, "B", "Active", SimulatedLms.LEARNER)));
    Login first = login();
    String session = sessionCookie(launch(lms.authorizeRedirect(first.location()), first.cookie()));
    assertEquals(
        "2", card(awaitPage("dashboard/courses/" + course, session, "Roster from"), "Enrolled"));

    Login second = login();
    assertEquals(303, launch(lms.authorizeRedirect(second.location()), second.cookie()).status());
    Thread.sleep(1_000);
    assertEquals(1, lms.tokensIssued(), "not fetched again within the refresh interval");

    TestDatabase.value(
        "UPDATE lti_rosters SET attempted_at = attempted_at - interval '6 minutes'"
            + " WHERE platform_id = ? RETURNING 1",
        platformId);
    lms.roster(List.of(SimulatedLms.member("c-" + tag, "C", "Active", SimulatedLms.LEARNER)));
    lms.rosterAnswers(503);
    Login third = login();
    Reply launched = launch(lms.authorizeRedirect(third.location()), third.cookie());
    assertEquals(303, launched.status(), "the launch works while the LMS fails");
    Reply coursePage = awaitPage("dashboard/courses/" + course, sessionCookie(launched), "failed");

    assertEquals(2, lms.tokensIssued(), "tried again after the interval");
    assertEquals("2", card(coursePage, "Enrolled"), "the last roster stays");
    assertTrue(
        coursePage.body().contains("the LMS answered 503 to the roster request"), coursePage::body);
  }

  @Test
  void storesNoPartOfARosterWhoseNextPageIsOnAnotherSite() {
    String tag = UUID.randomUUID().toString();
    lms.roster(
        List.of(
            SimulatedLms.member("a-" + tag, "A", "Active", SimulatedLms.LEARNER),
            SimulatedLms.member("b-" + tag, "B", "Active", SimulatedLms.LEARNER)));
    // the service token would go along to this other host
    lms.nextPageAt("http://127.0.0.2:9/steal-the-token");
    Login login = login();
    String session = sessionCookie(launch(lms.authorizeRedirect(login.location()), login.cookie()));

    Reply coursePage = awaitPage("dashboard/courses/" + course, session, "failed");

    assertTrue(coursePage.body().contains("next page is on another site"), coursePage::body);
    assertEquals(1, lms.rosterPagesServed(), "the first page only");
    assertEquals(
        0L,
        ((Number)
                TestDatabase.value(
                    "SELECT count(*) FROM lti_roster_members WHERE platform_id = ?", platformId))
            .longValue(),
        "nothing of the first page is kept");
    assertFalse(coursePage.body().contains("<h3>Enrolled</h3>"), "no figures without a roster");
  }

  private static void awaitRolledUp(String learner) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!Boolean.TRUE.equals(
        TestDatabase.value(
            "SELECT bool_and(rolled_up) FROM watch_sessions WHERE learner_sub = ?", learner))) {
      assertTrue(System.nanoTime() < deadline, "the roll-up job settles the old session");
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** The course page once it shows {@code text}; the roster is fetched after the launch. */
  private Reply awaitPage(String path, String session, String text) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      Reply reply = page(path, session);
      assertEquals(200, reply.status(), reply::toString);
      if (reply.body().contains(text) || System.nanoTime() > deadline) {
        assertTrue(reply.body().contains(text), "never showed " + text + ": " + reply.body());
        return reply;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** The value of the card with this label on a page ("" when there is none). */
  private static String card(Reply page, String label) {
    java.util.regex.Matcher value =
        java.util.regex.Pattern.compile(
                "<h3>"
                    + java.util.regex.Pattern.quote(label)
                    + "</h3>\\s*<p class=\"value\">([^<]*)</p>")
            .matcher(page.body());
    return value.find() ? value.group(1) : "";
  }

  private static String nonceOf(Login login) {
    String query = login.location().getRawQuery();
    for (String pair : query.split("&")) {
      if (pair.startsWith("nonce=")) {
        return java.net.URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no nonce in " + login.location());
  }
}
