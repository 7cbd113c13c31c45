package org.lessonwatch.web.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.util.Map;
import java.util.function.Supplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lessonwatch.web.testing.ApiClient;
import org.lessonwatch.web.testing.ApiClient.Reply;
import org.lessonwatch.web.testing.Catalog;
import org.lessonwatch.web.testing.Catalog.LessonRef;
import org.lessonwatch.web.testing.Deployments;
import org.lessonwatch.web.testing.SecondNode;
import org.lessonwatch.web.testing.TestTokens;
import org.lessonwatch.web.testing.Viewer;

/**
 * Two Payara Micro nodes on one database, as behind a load balancer: a lesson created or changed on
 * one is seen by the other within a moment, also when the other had looked it up (and cached what
 * it found) before.
 */
@ExtendWith(ArquillianExtension.class)
class TwoNodesIT {

  /** How soon the other node must see a change: well under the caches' own expiries. */
  static final long WITHIN_MILLIS = 3000;

  static SecondNode nodeB;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.engagementWar();
  }

  @ArquillianResource URL base;

  @BeforeAll
  static void startSecondNode() {
    nodeB = SecondNode.start(Map.of());
  }

  @AfterAll
  static void stopSecondNode() {
    if (nodeB != null) {
      nodeB.close();
    }
  }

  @Test
  void aLessonCreatedOnOneNodeIsFoundOnTheOtherThatHadMissedIt() throws Exception {
    ApiClient a = new ApiClient(base);
    ApiClient b = new ApiClient(nodeB.url());
    long course = new Catalog(a).course();
    LessonRef later = new LessonRef("lms_lesson", Catalog.freshId(), course);
    Viewer onB = new Viewer(b, later);
    assertEquals(404, onB.at(5).status(), "not there yet, and B remembers that");

    Reply created =
        a.put(
            later.path(),
            TestTokens.admin(),
            "{\"title\": \"Late\", \"course_id\": "
                + course
                + ", \"video_url\": \"https://cdn.test/v/late.mp4\", \"duration_sec\": 600}");
    assertEquals(201, created.status(), created::toString);

    assertEquals(200, soon(200, () -> onB.at(10)).status(), "B sees the lesson A created");
  }

  @Test
  void aLessonChangedOnOneNodeIsChangedOnTheOtherThatHadCachedIt() throws Exception {
    ApiClient a = new ApiClient(base);
    ApiClient b = new ApiClient(nodeB.url());
    Catalog catalogA = new Catalog(a);
    LessonRef lesson = catalogA.lmsLesson(600);
    Viewer onB = new Viewer(b, lesson);
    assertEquals(200, onB.at(5).status(), "B caches the lesson and its video");

    catalogA.change(lesson, "null", 600);
    assertEquals(422, soon(422, () -> onB.at(10)).status(), "B sees the video removed on A");

    catalogA.change(lesson, "\"https://cdn.test/v/back.mp4\"", 600);
    assertEquals(200, soon(200, () -> onB.at(15)).status(), "and put back");
  }

  /** The answer once it has the expected status, polled for a few seconds; else the last one. */
  private static Reply soon(int expected, Supplier<Reply> call) throws InterruptedException {
    long deadline = System.currentTimeMillis() + WITHIN_MILLIS;
    Reply reply = call.get();
    while (reply.status() != expected && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      reply = call.get();
    }
    return reply;
  }
}
