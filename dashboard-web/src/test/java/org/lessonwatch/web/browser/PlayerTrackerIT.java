package org.lessonwatch.web.browser;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lessonwatch.web.testing.ApiClient;
import org.lessonwatch.web.testing.Catalog;
import org.lessonwatch.web.testing.Catalog.LessonRef;
import org.lessonwatch.web.testing.Deployments;
import org.lessonwatch.web.testing.TestDatabase;
import org.lessonwatch.web.testing.TestDatabase.StoredSession;
import org.lessonwatch.web.testing.TestTokens;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The player tracker end to end: headless Chromium plays the development demo player's 20-second
 * clip (muted) with {@code /static/js/engagement-tracker.js} attached, and what the tracker sent is
 * checked where it ends up: in the stored session and in the analytics API. Also runs the tracker's
 * played-range checks ({@code played-ranges-checks.js}) in the browser, and checks that the clip is
 * served with byte ranges so that the player can seek.
 */
@ExtendWith(ArquillianExtension.class)
class PlayerTrackerIT {

  /** Seconds of the clip; the lesson's catalogue duration is the same. */
  static final int CLIP = 20;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.engagementWar(
        Map.of(
            "engagement.demo-player.enabled",
            "true",
            "engagement.cors.allowed-origins",
            "http://localhost:" + LMS_PORT));
  }

  /** The port of a page on an LMS's own origin, allowed to send heartbeats from a browser. */
  static final int LMS_PORT = freePort();

  @ArquillianResource URL base;

  WebDriver browser;

  /** Servers of player pages on other origins, stopped after each test. */
  final List<HttpServer> pageServers = new ArrayList<>();

  ApiClient api;
  Catalog catalog;

  @BeforeEach
  void setUp() {
    api = new ApiClient(base);
    catalog = new Catalog(api);
    browser = HeadlessChromium.start();
  }

  @AfterEach
  void tearDown() {
    if (browser != null) {
      browser.quit();
    }
    pageServers.forEach(server -> server.stop(0));
  }

  /**
   * Plays 0 to 5 s, seeks to 17 s, plays to the end and leaves the page: one session, complete by
   * its furthest position (20 s) but with only about 8 distinct seconds watched, so not complete by
   * coverage and flagged as skipped ahead.
   */
  @Test
  void learnerWhoSkipsAheadIsCompleteByPositionButNotByCoverage() throws IOException {
    LessonRef lesson = catalog.lessonOf(catalog.course(), CLIP);
    String learner = "learner-" + UUID.randomUUID();
    open(lesson, TestTokens.learner(learner));

    waitFor("the clip plays to 5 s", Duration.ofSeconds(30), () -> currentTime() >= 5.0);
    double seekedFrom = currentTime();
    js("document.getElementById('video').currentTime = 17;");
    waitFor("the clip ends", Duration.ofSeconds(30), () -> (Boolean) js("return video.ended;"));
    waitFor(
        "the server answers the heartbeat with ended: true",
        Duration.ofSeconds(15),
        () ->
            (Boolean)
                js("return window.__trackerSent.some(function (b) { return b.ended === true; });"));
    HeadlessChromium.screenshot(browser, "5-demo-player");
    String sent = (String) js("return JSON.stringify(window.__trackerSent);");
    String errors = (String) js("return JSON.stringify(window.__trackerErrors);");
    browser.get("about:blank"); // pagehide: nothing new is left to send after the end

    assertEquals("[]", errors, "no heartbeat failed; heartbeats sent: " + sent);
    List<StoredSession> sessions = TestDatabase.sessions(learner, lesson.kind(), lesson.id());
    assertEquals(1, sessions.size(), () -> "exactly one session: " + sessions + "; sent " + sent);
    StoredSession session = sessions.get(0);
    double expectedWatched = seekedFrom + (CLIP - 17);
    assertAll(
        "stored session; heartbeats sent: " + sent,
        () -> assertEquals(CLIP, session.maxPositionSec(), "furthest position"),
        () -> assertTrue(session.completed(), "completed by position"),
        () -> assertTrue(session.ended(), "ended"),
        () -> assertEquals(CLIP, session.durationSec(), "duration"),
        () -> {
          Object watched = watchedSec(learner);
          assertNotNull(watched, "watched_sec is stored");
          assertEquals(
              expectedWatched, ((Number) watched).doubleValue(), 1.5, "watched_sec: " + watched);
        },
        () -> {
          Object ranges =
              TestDatabase.value(
                  "SELECT watched::text FROM watch_sessions WHERE learner_sub = ?", learner);
          assertNotNull(ranges, "watched ranges are stored");
          assertTrue(
              ((String) ranges).matches("\\{\\[0,\\d+\\),\\[1[5-8],2[01]\\)\\}"),
              "two played stretches, 0-5 s and 17-20 s: " + ranges);
        });

    String scope = "?content_kind=" + lesson.kind() + "&content_id=" + lesson.id();
    ApiClient.Reply summaryReply =
        api.get("api/v1/videos/engagement/analytics/summary" + scope, TestTokens.admin());
    assertEquals(200, summaryReply.status(), summaryReply::toString);
    JsonObject summary = summaryReply.json();
    assertAll(
        "summary " + summary,
        () -> assertEquals(1, number(summary, "sessions").intValue()),
        () -> assertEquals(1.0, number(summary, "completion_rate").doubleValue(), 1e-9),
        () -> assertEquals(0.0, number(summary, "coverage_completion_rate").doubleValue(), 1e-9),
        () -> assertEquals(1, number(summary, "skipped_ahead_sessions").intValue()));

    ApiClient.Reply coverageReply =
        api.get("api/v1/videos/engagement/analytics/coverage" + scope, TestTokens.admin());
    assertEquals(200, coverageReply.status(), coverageReply::toString);
    JsonObject coverage = coverageReply.json();
    assertEquals(1, number(coverage, "sessions_with_coverage").intValue(), coverage::toString);
    assertEquals(
        101, coverage.getJsonArray("coverage_retention").size(), "coverage retention points");
    List<JsonObject> skipped = coverage.getJsonArray("skipped_ahead").getValuesAs(JsonObject.class);
    assertEquals(1, skipped.size(), coverage::toString);
    JsonObject flagged = skipped.get(0);
    assertAll(
        "skipped_ahead " + flagged,
        () -> assertEquals(learner, flagged.getString("learner")),
        () -> assertEquals(1, number(flagged, "session_number").intValue()),
        () -> assertEquals(CLIP, number(flagged, "max_position_sec").intValue()),
        () -> assertEquals(expectedWatched, number(flagged, "watched_sec").doubleValue(), 1.5),
        () ->
            assertEquals(
                expectedWatched / CLIP,
                number(flagged, "watched_percent").doubleValue(),
                1.5 / CLIP));
  }

  /**
   * Leaving the page while the clip plays, before any timed heartbeat: the tracker's pagehide flush
   * (fetch with keepalive) is the only heartbeat, and it still arrives with what was played.
   */
  @Test
  void leavingThePageSendsTheLastStretch() {
    LessonRef lesson = catalog.lessonOf(catalog.course(), CLIP);
    String learner = "learner-" + UUID.randomUUID();
    open(lesson, TestTokens.learner(learner));

    waitFor("the clip plays to 3 s", Duration.ofSeconds(30), () -> currentTime() >= 3.0);
    long answeredBefore = (Long) js("return window.__trackerAnswers.length;");
    browser.get("about:blank");

    assertEquals(0, answeredBefore, "no heartbeat before leaving (the timer runs every 10 s)");
    waitFor(
        "the flushed heartbeat is stored",
        Duration.ofSeconds(15),
        () -> !TestDatabase.sessions(learner, lesson.kind(), lesson.id()).isEmpty());
    StoredSession session = TestDatabase.sessions(learner, lesson.kind(), lesson.id()).get(0);
    assertAll(
        "stored session " + session,
        () -> assertTrue(session.maxPositionSec() >= 3 && session.maxPositionSec() <= 6),
        () -> assertFalse(session.completed()),
        () -> assertFalse(session.ended(), "leaving the page is not the end of the video"),
        () -> {
          Object watched = watchedSec(learner);
          assertNotNull(watched, "watched_sec is stored");
          assertEquals(
              session.maxPositionSec(), ((Number) watched).doubleValue(), 1.5, "watched_sec");
        });
  }

  /**
   * A player on an LMS's own origin (another port of localhost, so another origin) loads the
   * tracker and the clip from the service and sends heartbeats across origins, as allowed by {@code
   * engagement.cors.allowed-origins}: the browser's preflight is answered, the heartbeats land, and
   * the whole clip is stored as watched.
   */
  @Test
  void playerOnAnAllowedOriginSendsHeartbeatsAcrossOrigins() throws IOException {
    LessonRef lesson = catalog.lessonOf(catalog.course(), CLIP);
    String learner = "learner-" + UUID.randomUUID();
    browser.get(playerPageOn(LMS_PORT, lesson, TestTokens.learner(learner)));

    waitFor(
        "the clip ends and its last heartbeat is answered",
        Duration.ofSeconds(60),
        () ->
            (Boolean)
                js(
                    "return window.__trackerErrors.length > 0 || window.__trackerAnswers.some("
                        + "function (a) { return a.max_position_sec >= 20; });"));
    HeadlessChromium.screenshot(browser, "6-player-on-lms-origin");

    assertEquals("[]", js("return JSON.stringify(window.__trackerErrors);"), this::pageState);
    List<StoredSession> sessions = TestDatabase.sessions(learner, lesson.kind(), lesson.id());
    assertEquals(1, sessions.size(), () -> "one session: " + sessions + "; " + pageState());
    assertEquals(CLIP, sessions.get(0).maxPositionSec(), this::pageState);
  }

  /** The same player on an origin that is not allowed: the browser sends no heartbeat at all. */
  @Test
  void playerOnAnyOtherOriginIsStoppedByTheBrowser() throws IOException {
    LessonRef lesson = catalog.lessonOf(catalog.course(), CLIP);
    String learner = "learner-" + UUID.randomUUID();
    browser.get(playerPageOn(freePort(), lesson, TestTokens.learner(learner)));

    waitFor(
        "the tracker reports a failed heartbeat",
        Duration.ofSeconds(60),
        () -> (Boolean) js("return window.__trackerErrors.length > 0;"));

    assertEquals(
        0L,
        js("return window.__trackerErrors[0].status;"),
        "a network error, as a refused preflight looks to the page");
    assertEquals(List.of(), TestDatabase.sessions(learner, lesson.kind(), lesson.id()));
  }

  /**
   * Serves, on {@code localhost:port}, a page that plays the service's demo clip with the service's
   * tracker attached, posting to the service's heartbeat endpoint by its full URL.
   */
  private String playerPageOn(int port, LessonRef lesson, String token) throws IOException {
    String service = base.toString();
    String page =
        """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>LMS player</title></head><body>
        <h1>An LMS page on its own origin</h1>
        <video id="video" muted playsinline controls src="%1$sdemo/clip.wav"></video>
        <script src="%1$sstatic/js/engagement-tracker.js"></script>
        <script>
          window.__trackerErrors = []; window.__trackerAnswers = [];
          var video = document.getElementById("video");
          EngagementTracker.attach(video, {
            contentKind: "%2$s", contentId: "%3$d",
            getToken: function () { return "%4$s"; },
            endpoint: "%1$sapi/v1/videos/engagement/heartbeat",
            intervalMs: 2000,
            onError: function (f) { window.__trackerErrors.push(f); },
            onHeartbeat: function (a) { window.__trackerAnswers.push(a); }
          });
          video.play();
        </script>
        </body></html>
        """
            .formatted(service, lesson.kind(), lesson.id(), token);
    HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
    server.createContext(
        "/player",
        exchange -> {
          byte[] body = page.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    pageServers.add(server);
    return "http://localhost:" + port + "/player";
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The tracker's played-range logic, checked in the browser that runs it; and the clip answers
   * byte-range requests (206) so that seeking works.
   */
  @Test
  void playedRangeLogicAndSeekableClip() throws IOException {
    browser.get(base.toString() + "demo/player");
    waitFor(
        "the tracker script loads",
        Duration.ofSeconds(15),
        () -> (Boolean) js("return typeof EngagementTracker === 'object';"));
    String checks;
    try (InputStream in = getClass().getResourceAsStream("played-ranges-checks.js")) {
      checks = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Object failures =
        js(checks + "\nreturn window.playedRangesChecks(EngagementTracker.PlayedRanges);");
    assertEquals(List.of(), failures, "played-range checks");
    assertEquals("[]", js("return JSON.stringify(window.__trackerErrors);"));

    var whole = api.send(api.request("demo/clip.wav", null).GET());
    assertEquals(200, whole.status());
    assertEquals("bytes", whole.header("Accept-Ranges").orElse(""));
    int length = Integer.parseInt(whole.header("Content-Length").orElse("0"));
    assertTrue(length > 100_000, "20 s of 8 kHz audio: " + length);
    var part = api.send(api.request("demo/clip.wav", null).header("Range", "bytes=100-199").GET());
    assertEquals(206, part.status());
    assertEquals("bytes 100-199/" + length, part.header("Content-Range").orElse(""));
    assertEquals("100", part.header("Content-Length").orElse(""));
    var beyond =
        api.send(api.request("demo/clip.wav", null).header("Range", "bytes=999999-").GET());
    assertEquals(416, beyond.status());
    assertEquals("bytes */" + length, beyond.header("Content-Range").orElse(""));
    assertEquals(404, api.get("demo/nothing-here", null).status());
  }

  private void open(LessonRef lesson, String token) {
    browser.get(
        base.toString()
            + "demo/player?content_kind="
            + lesson.kind()
            + "&content_id="
            + lesson.id()
            + "&token="
            + token);
  }

  private Object js(String script) {
    String prelude = "var video = document.getElementById('video');\n";
    return ((JavascriptExecutor) browser).executeScript(prelude + script);
  }

  private double currentTime() {
    return ((Number) js("return video.currentTime;")).doubleValue();
  }

  private void waitFor(String what, Duration timeout, Supplier<Boolean> condition) {
    new WebDriverWait(browser, timeout)
        .pollingEvery(Duration.ofMillis(100))
        .withMessage(() -> what + "; " + pageState())
        .until(driver -> Boolean.TRUE.equals(condition.get()));
  }

  /** What the demo page saw, for failure messages. */
  private String pageState() {
    try {
      return (String)
          js(
              "return JSON.stringify({position: video && video.currentTime,"
                  + " errors: window.__trackerErrors, sent: window.__trackerSent,"
                  + " answers: window.__trackerAnswers});");
    } catch (RuntimeException e) {
      return "page state unavailable: " + e.getMessage();
    }
  }

  private static Object watchedSec(String learner) {
    return TestDatabase.value(
        "SELECT watched_sec FROM watch_sessions WHERE learner_sub = ?", learner);
  }

  private static JsonNumber number(JsonObject json, String name) {
    JsonValue value = json.get(name);
    assertTrue(value instanceof JsonNumber, () -> name + " is a number in " + json);
    return (JsonNumber) value;
  }
}
