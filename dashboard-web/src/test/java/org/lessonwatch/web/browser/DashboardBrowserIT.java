package org.lessonwatch.web.browser;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.lessonwatch.web.testing.SessionFixture;
import org.lessonwatch.web.testing.TestDatabase;
import org.lessonwatch.web.testing.TestTokens;
import org.lessonwatch.web.testing.Viewer;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An instructor's visit as a person makes it, in headless Chromium: sign in, overview, course,
 * lesson, sign out; the numbers on screen are checked against a known set of sessions, and a
 * screenshot of each page is saved under {@code target/screenshots/}.
 */
@ExtendWith(ArquillianExtension.class)
class DashboardBrowserIT {

  static final String PASSWORD = "a good long password";

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.engagementWar();
  }

  @ArquillianResource URL base;

  WebDriver browser;
  String instructor = "instructor-" + UUID.randomUUID();
  String courseTitle = "Calculus <b>I</b> & friends";
  String lessonTitle = "Derivatives, explained";

  /**
   * One course of the instructor's with two lessons; the first (600 s) has five sessions in the
   * last three days: 3 of 5 completed by position, 1 a return, 2 of 5 closed left early, 2200 of
   * 3000 s reached; the one session with played ranges skipped ahead (120 s watched). Another
   * instructor's course exists too, and must not show.
   */
  @BeforeEach
  void setUp() throws IOException {
    ApiClient api = new ApiClient(base);
    Catalog catalog = new Catalog(api);
    long course = catalog.course(instructor);
    api.put(
        "api/v1/content/courses/" + course,
        TestTokens.admin(),
        "{\"title\": \"Calculus <b>I</b> & friends\", \"instructors\": [\"" + instructor + "\"]}");
    LessonRef lesson = catalog.lessonOf(course, 600);
    api.put(
        lesson.path(),
        TestTokens.admin(),
        "{\"title\": \""
            + lessonTitle
            + "\", \"course_id\": "
            + course
            + ", \"video_url\": \"https://v.test/d.mp4\", \"duration_sec\": 600}");
    catalog.lessonOf(course, 300);
    catalog.lessonOf(catalog.course("someone-else"), 600);
    var account =
        api.put(
            "api/v1/admin/accounts/" + instructor,
            TestTokens.admin(),
            "{\"password\": \"" + PASSWORD + "\", \"roles\": [\"instructor\"]}");
    assertEquals(201, account.status(), account::toString);

    SessionFixture fixture = new SessionFixture(java.time.ZoneOffset.UTC);
    Instant now = Instant.now();
    Instant d3 = now.minus(Duration.ofDays(3));
    Instant d2 = now.minus(Duration.ofDays(2));
    Instant d1 = now.minus(Duration.ofDays(1));
    fixture.session(
        "u1",
        lesson,
        1,
        d3,
        d3.plusSeconds(640),
        d3.plusSeconds(640),
        d3.plusSeconds(600),
        600,
        580);
    fixture.session("u1", lesson, 2, d2, d2.plusSeconds(130), null, null, 600, 120);
    fixture.session("u2", lesson, 1, d2, d2.plusSeconds(320), d2.plusSeconds(320), null, 600, 300);
    fixture.session(
        "u3",
        lesson,
        1,
        d1,
        d1.plusSeconds(650),
        d1.plusSeconds(650),
        d1.plusSeconds(600),
        600,
        600);
    // u4 plays the first minute, seeks to the last and lets it end: complete by position only
    String u4 = "u4-" + UUID.randomUUID();
    String start = "{\"content_kind\": \"lms_lesson\", \"content_id\": " + lesson.id();
    api.post(
        Viewer.HEARTBEAT_PATH,
        TestTokens.learner(u4),
        start + ", \"position_sec\": 60, \"played\": [[0, 60]]}");
    TestDatabase.startedEarlier(u4, Duration.ofSeconds(60)); // a minute of playing
    var last =
        api.post(
            Viewer.HEARTBEAT_PATH,
            TestTokens.learner(u4),
            start + ", \"position_sec\": 600, \"ended\": true, \"played\": [[540, 600]]}");
    assertEquals(200, last.status(), last::toString);

    browser = HeadlessChromium.start();
  }

  @AfterEach
  void tearDown() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void instructorSignsInAndFollowsOverviewToCourseToLesson() throws IOException {
    browser.get(base.toString() + "dashboard");
    assertTrue(browser.getCurrentUrl().contains("/dashboard/login"), browser.getCurrentUrl());
    screenshot("1-login");

    browser.findElement(By.id("username")).sendKeys(instructor);
    browser.findElement(By.id("password")).sendKeys(PASSWORD);
    navigateBy(browser.findElement(By.cssSelector("form.login button[type=submit]")));

    assertEquals("Overview", browser.findElement(By.tagName("h1")).getText());
    Map<String, String> overview = cards();
    assertAll(
        "overview cards",
        () -> assertEquals("5", overview.get("Sessions")),
        () -> assertEquals("4", overview.get("Learners")),
        () -> assertEquals("60.0%", overview.get("Completion rate")),
        () -> assertEquals("0.0%", overview.get("Completion by coverage")),
        () -> assertEquals("75.0%", overview.get("Learner completion rate")),
        () -> assertEquals("20.0%", overview.get("Return sessions")),
        () -> assertEquals("40.0%", overview.get("Drop-off rate")),
        () -> assertEquals("73.3%", overview.get("Average watched")));
    List<WebElement> courseLinks = browser.findElements(By.cssSelector("ul.courses a"));
    assertEquals(List.of(courseTitle), courseLinks.stream().map(WebElement::getText).toList());
    assertFalse(browser.getPageSource().contains("<b>I</b>"), "the title is escaped");
    assertTrue(browser.findElements(By.cssSelector("svg[role=img] title")).size() >= 1, "chart");
    screenshot("2-overview");

    navigateBy(courseLinks.get(0));
    assertEquals(courseTitle, browser.findElement(By.tagName("h1")).getText());
    List<WebElement> rows = browser.findElements(By.cssSelector("table.lessons tbody tr"));
    assertEquals(2, rows.size(), "one row per lesson, watched or not");
    WebElement watched =
        rows.stream().filter(row -> row.getText().contains(lessonTitle)).findFirst().orElseThrow();
    List<String> cells =
        watched.findElements(By.cssSelector("td.num")).stream().map(WebElement::getText).toList();
    assertEquals(List.of("5", "4", "60.0%", "75.0%", "20.0%", "40.0%", "73.3%"), cells);
    screenshot("3-course");

    navigateBy(watched.findElement(By.linkText(lessonTitle)));
    assertEquals(lessonTitle, browser.findElement(By.tagName("h1")).getText());
    assertTrue(
        browser.findElements(By.cssSelector("svg[role=img]")).size() >= 3,
        "retention curve, drop-off histogram and daily series");
    List<WebElement> learners = browser.findElements(By.cssSelector("table.learners tbody tr"));
    assertEquals(4, learners.size(), "u1 to u4");
    List<WebElement> skipped = browser.findElements(By.cssSelector("table.skipped tbody tr"));
    assertEquals(1, skipped.size(), "u4 skipped ahead");
    assertTrue(skipped.get(0).getText().contains("2:00 (20.0%)"), skipped.get(0).getText());
    screenshot("4-lesson");

    navigateBy(skipped.get(0).findElement(By.tagName("a")));
    assertTrue(browser.findElement(By.tagName("h1")).getText().startsWith("u4-"), "u4's page");
    List<WebElement> sittings = browser.findElements(By.cssSelector("table.sittings tbody tr"));
    assertEquals(1, sittings.size(), "one sitting of one lesson");
    assertTrue(sittings.get(0).getText().endsWith("Yes No Yes"), sittings.get(0).getText());
    assertTrue(
        browser
            .getPageSource()
            .contains(
                "Watched in one sitting: 20.0% of the video; in two or more: 0.0%; not watched:"
                    + " 80.0%."),
        "the first and the last minute of ten");
    assertEquals(3, browser.findElements(By.cssSelector("svg.heat rect")).size(), "3 runs");
    screenshot("4b-learner");

    navigateBy(browser.findElement(By.cssSelector("header form button")));
    browser.get(base.toString() + "dashboard");
    assertTrue(browser.getCurrentUrl().contains("/dashboard/login"), "signed out");
  }

  /**
   * Clicks something that loads another page and waits until the old page is gone, so that what is
   * read next is read from the new page (a click returns before the navigation it starts).
   */
  private void navigateBy(WebElement element) {
    WebElement oldPage = browser.findElement(By.tagName("html"));
    element.click();
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(ExpectedConditions.stalenessOf(oldPage));
  }

  private Map<String, String> cards() {
    Map<String, String> cards = new LinkedHashMap<>();
    for (WebElement card : browser.findElements(By.cssSelector(".cards .card"))) {
      cards.put(
          card.findElement(By.tagName("h3")).getText(),
          card.findElement(By.cssSelector(".value")).getText());
    }
    return cards;
  }

  private void screenshot(String name) throws IOException {
    HeadlessChromium.screenshot(browser, name);
  }
}
