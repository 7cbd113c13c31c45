package org.lessonwatch.web.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;
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
    return Deployments.engagementWar();
  }

  @ArquillianResource URL base;

  WebDriver browser;
  SimulatedLms lms;

  @BeforeEach
  void setUp() {
    lms = new SimulatedLms();
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

    // the service on localhost too: over plain HTTP its SameSite=Lax cookies reach a frame only
    // when the LMS page is on the same site
    browser.get(lms.coursePage("http://localhost:" + base.getPort() + "/"));
    browser.switchTo().frame("tool");
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .pollingEvery(Duration.ofMillis(200))
        .withMessage(
            () -> "the course page in the frame (" + base + "); the frame shows: " + frameText())
        .until(driver -> frameText().contains(title));
    String url =
        (String)
            ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return location.pathname;");
    browser.switchTo().defaultContent();
    HeadlessChromium.screenshot(browser, "7-lti-launch-in-lms-frame");

    assertEquals("/dashboard/courses/" + course, url);
    assertTrue(browser.getTitle().contains("LMS"), browser.getTitle());
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
