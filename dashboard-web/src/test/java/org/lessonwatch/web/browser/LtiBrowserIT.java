package org.lessonwatch.web.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
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
import org.lessonwatch.web.testing.ApiClient.Reply;
import org.lessonwatch.web.testing.Catalog;
import org.lessonwatch.web.testing.Deployments;
import org.lessonwatch.web.testing.SimulatedLms;
import org.lessonwatch.web.testing.TestTokens;
import org.lessonwatch.web.testing.Viewer;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An LTI 1.3 launch the way an instructor's browser makes it, in headless Chromium: the LMS's
 * course page embeds the tool in an iframe that starts the login; the LMS's authorization endpoint
 * answers with an auto-submitting form post; the dashboard's course page appears inside the frame.
 */
@ExtendWith(ArquillianExtension.class)
class LtiBrowserIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    // with the development-only demo LMS that src/dev/run-demo.sh links to
    return Deployments.engagementWar(Map.of("engagement.demo-player.enabled", "true"));
  }

  @ArquillianResource URL base;

  WebDriver browser;
  SimulatedLms lms;

  @BeforeEach
  void setUp() {
    lms = new SimulatedLms();
    lms.trustTool(URI.create(base + "lti/jwks"));
    browser = HeadlessChromium.start();
  }

  @AfterEach
  void tearDown() {
    if (browser != null) {
      browser.quit();
    }
    lms.close();
  }

  @Test
  void instructorSeesTheCourseDashboardInsideTheLmsFrame() throws IOException {
    ApiClient api = new ApiClient(base);
    String platformId = "lms-" + UUID.randomUUID();
    Reply registered =
        api.put("api/v1/admin/lti/platforms/" + platformId, TestTokens.admin(), lms.registration());
    assertEquals(201, registered.status(), registered::toString);
    long course = new Catalog(api).course();
    String title = "Statistics <i>101</i>";
    Reply linked =
        api.put(
            "api/v1/content/courses/" + course,
            TestTokens.admin(),
            "{\"title\": \"Statistics <i>101</i>\", \"lti_contexts\": [{\"platform_id\": \""
                + platformId
                + "\", \"context_id\": \""
                + SimulatedLms.CONTEXT
                + "\"}]}");
    assertEquals(200, linked.status(), linked::toString);

    lms.roster(
        List.of(
            SimulatedLms.member(
                "learner-" + UUID.randomUUID(), "Ada", "Active", SimulatedLms.LEARNER),
            SimulatedLms.member(
                "learner-" + UUID.randomUUID(), "Ben", "Active", SimulatedLms.LEARNER)));

    // the service on localhost too: over plain HTTP its SameSite=Lax cookies reach a frame only
    // when the LMS page is on the same site
    browser.get(lms.coursePage("http://localhost:" + base.getPort() + "/"));
    browser.switchTo().frame("tool");
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .pollingEvery(Duration.ofMillis(200))
        .withMessage(
            () -> "the course page in the frame (" + base + "); the frame shows: " + frameText())
        .until(driver -> frameText().contains(title));
    awaitRoster();
    String url =
        (String)
            ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return location.pathname;");
    browser.switchTo().defaultContent();
    HeadlessChromium.screenshot(browser, "7-lti-launch-in-lms-frame");

    assertEquals("/dashboard/courses/" + course, url);
    assertTrue(browser.getTitle().contains("LMS"), browser.getTitle());
  }

  /**
   * The link run-demo.sh prints: the development-only demo LMS's course page, which launches the
   * dashboard in its frame as instructor-ada, and whose roster the course page then counts.
   */
  @Test
  void theDemoLmsLinkOfRunDemoLaunchesTheDashboardWithItsRoster() throws IOException {
    ApiClient api = new ApiClient(base);
    String tool = "http://localhost:" + base.getPort();
    String demoLms = tool + "/demo/lms";
    Reply registered =
        api.put(
            "api/v1/admin/lti/platforms/demo-lms",
            TestTokens.admin(),
            """
            {"issuer": "%1$s", "client_id": "lessonwatch-demo", "auth_login_url": "%1$s/auth",
             "auth_token_url": "%1$s/token", "jwks_url": "%1$s/jwks",
             "deployment_ids": ["demo-deployment"]}
            """
                .formatted(demoLms));
    assertTrue(registered.status() == 200 || registered.status() == 201, registered::toString);
    Catalog catalog = new Catalog(api);
    long course = catalog.course();
    Catalog.LessonRef lesson = catalog.lessonOf(course, 100);
    assertEquals(
        200, new Viewer(api, lesson, "demo-learner-" + UUID.randomUUID()).at(95, 100).status());
    Reply linked =
        api.put(
            "api/v1/content/courses/" + course,
            TestTokens.admin(),
            "{\"title\": \"Demo course\", \"lti_contexts\": [{\"platform_id\": \"demo-lms\","
                + " \"context_id\": \"demo-course-"
                + course
                + "\"}]}");
    assertEquals(200, linked.status(), linked::toString);

    browser.get(demoLms + "/course?context=demo-course-" + course + "&user=instructor-ada");
    browser.switchTo().frame("tool");
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .pollingEvery(Duration.ofMillis(200))
        .withMessage(() -> "the course page in the demo LMS's frame: " + frameText())
        .until(driver -> frameText().contains("Demo course"));
    awaitRoster();
    String page = browser.findElement(By.tagName("body")).getText();
    browser.switchTo().defaultContent();
    HeadlessChromium.screenshot(browser, "8-demo-lms-launch-with-roster");

    assertTrue(page.contains("Ada Lovelace"), "the LMS's name in the header: " + page);
    assertTrue(
        page.contains("Enrolled\n41"), "one learner who watched and 40 who never did: " + page);
    assertTrue(page.contains("Never started\n40"), page);
  }

  /** Reloads the frame until the course page counts the roster, fetched after the launch. */
  private void awaitRoster() {
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .pollingEvery(Duration.ofMillis(500))
        .withMessage(() -> "the roster on the course page: " + frameText())
        .until(
            driver -> {
              if (frameText().contains("Roster from the LMS")) {
                return true;
              }
              // the frame's page only: reloading the LMS's page would launch again
              ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("location.reload();");
              return false;
            });
  }

  private String frameText() {
    try {
      return ((org.openqa.selenium.JavascriptExecutor) browser)
              .executeScript("return location.href;")
          + " "
          + browser.findElement(By.tagName("body")).getText();
    } catch (RuntimeException e) {
      return "(no page yet: " + e.getMessage() + ")";
    }
  }
}
