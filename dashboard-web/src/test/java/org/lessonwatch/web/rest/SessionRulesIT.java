package org.lessonwatch.web.rest;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lessonwatch.web.testing.ApiClient;
import org.lessonwatch.web.testing.ApiClient.Reply;
import org.lessonwatch.web.testing.Catalog;
import org.lessonwatch.web.testing.Deployments;
import org.lessonwatch.web.testing.TestDatabase.StoredSession;
import org.lessonwatch.web.testing.Viewer;

/**
 * The session rules end to end, with the gap shortened to {@value #GAP_SECONDS} s and the
 * completion threshold set to 80 % through configuration.
 */
@ExtendWith(ArquillianExtension.class)
class SessionRulesIT {

  static final int GAP_SECONDS = 3;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.engagementWar(
        Map.of(
            "engagement.session-gap",
            "PT" + GAP_SECONDS + "S",
            "engagement.completion-threshold-percent",
            "80"));
  }

  @ArquillianResource URL base;

  ApiClient api;
  Catalog catalog;

  @BeforeEach
  void setUp() {
    api = new ApiClient(base);
    catalog = new Catalog(api);
  }

  @Test
  void continuesSessionWithinGap() {
    Viewer viewer = new Viewer(api, catalog.lmsLesson(600));

    Reply first = viewer.at(10);
    Reply second = viewer.at(20.9);

    assertEquals(
        first.json().getJsonNumber("session_id"), second.json().getJsonNumber("session_id"));
    assertEquals(1, second.json().getInt("session_number"));
    assertEquals(20, second.json().getInt("max_position_sec"));
    assertEquals(List.of(1), numbers(viewer.sessions()));
    assertEquals(2, viewer.sessions().get(0).heartbeatCount());
  }

  @Test
  void startsReplayAfterGapHasPassed() throws InterruptedException {
    Viewer viewer = new Viewer(api, catalog.lmsLesson(600));
    viewer.at(100);

    waitOutGap();
    Reply later = viewer.at(5);

    assertEquals(2, later.json().getInt("session_number"));
    assertEquals(5, later.json().getInt("max_position_sec"));
    assertEquals(List.of(1, 2), numbers(viewer.sessions()));
  }

  @Test
  void startsReplayAfterEndedSession() {
    Viewer viewer = new Viewer(api, catalog.lmsLesson(600));
    viewer.at(300);
    Reply end = viewer.ended(590);

    Reply again = viewer.at(0);

    assertEquals(1, end.json().getInt("session_number"));
    assertEquals(2, again.json().getInt("session_number"));
    List<StoredSession> sessions = viewer.sessions();
    assertTrue(sessions.get(0).ended());
    assertFalse(sessions.get(1).ended());
  }

  @Test
  void ignoresRepeatedEndedWithinGap() {
    Viewer viewer = new Viewer(api, catalog.lmsLesson(600));
    Reply end = viewer.ended(300);

    Reply repeat = viewer.ended(450);

    assertEquals(end.json().getJsonNumber("session_id"), repeat.json().getJsonNumber("session_id"));
    assertEquals(300, repeat.json().getInt("max_position_sec"));
    StoredSession only = viewer.sessions().get(0);
    assertAll(
        () -> assertEquals(1, viewer.sessions().size()),
        () -> assertEquals(300, only.maxPositionSec()),
        () -> assertEquals(1, only.heartbeatCount()));
  }

  @Test
  void treatsEndedAfterGapAsNewSitting() throws InterruptedException {
    Viewer viewer = new Viewer(api, catalog.lmsLesson(600));
    viewer.ended(300);

    waitOutGap();
    Reply later = viewer.ended(40);

    assertEquals(2, later.json().getInt("session_number"));
    assertEquals(List.of(1, 2), numbers(viewer.sessions()));
  }

  @Test
  void usesCatalogueDurationWhenPlayerReportsNone() {
    Viewer viewer = new Viewer(api, catalog.lmsLesson(200));

    Reply reply = viewer.at(350);

    assertEquals(200, reply.json().getInt("max_position_sec"), "clamped to the catalogue's 200 s");
    assertTrue(reply.json().getBoolean("completed"));
    assertEquals(200, viewer.sessions().get(0).durationSec());
  }

  @Test
  void prefersLatestReportedDuration() {
    Viewer viewer = new Viewer(api, catalog.lmsLesson(1000));

    viewer.at(50, 100);
    Reply reply = viewer.at(150, 120);

    assertEquals(120, reply.json().getInt("max_position_sec"));
    assertEquals(120, viewer.sessions().get(0).durationSec());
  }

  @Test
  void completesAtConfiguredThresholdAndNeverReverts() {
    Viewer viewer = new Viewer(api, catalog.lmsLesson(600));

    Reply below = viewer.at(479);
    Reply at = viewer.at(480);
    Reply longerVideo = viewer.at(481, 6000);

    assertFalse(below.json().getBoolean("completed"), "479 of 600 is under 80 %");
    assertTrue(at.json().getBoolean("completed"), "480 of 600 is 80 %");
    assertTrue(longerVideo.json().getBoolean("completed"), "completion never reverts");
  }

  @Test
  void neverCompletesWithoutKnownDuration() {
    Viewer viewer = new Viewer(api, catalog.lmsLesson(null));

    Reply reply = viewer.at(5000.9);

    assertEquals(5000, reply.json().getInt("max_position_sec"), "floored, nothing to clamp to");
    assertFalse(reply.json().getBoolean("completed"));
    assertEquals(null, viewer.sessions().get(0).durationSec());
  }

  @Test
  void keepsFurthestPositionWhenLearnerSeeksBack() {
    Viewer viewer = new Viewer(api, catalog.lmsLesson(600));

    viewer.at(400);
    Reply back = viewer.at(30);

    assertEquals(400, back.json().getInt("max_position_sec"));
  }

  @Test
  void keepsLearnersAndLessonsApart() {
    var lesson = catalog.lmsLesson(600);
    Viewer one = new Viewer(api, lesson);
    Viewer two = new Viewer(api, lesson);
    Viewer oneElsewhere = new Viewer(api, catalog.lmsLesson(600), one.learner());

    one.ended(100);
    Reply twoFirst = two.at(50);
    Reply elsewhereFirst = oneElsewhere.at(70);

    assertEquals(1, twoFirst.json().getInt("session_number"));
    assertEquals(1, elsewhereFirst.json().getInt("session_number"));
    assertNotEquals(
        twoFirst.json().getJsonNumber("session_id"),
        elsewhereFirst.json().getJsonNumber("session_id"));
  }

  private static void waitOutGap() throws InterruptedException {
    Thread.sleep(Duration.ofSeconds(GAP_SECONDS).plusMillis(700).toMillis());
  }

  private static List<Integer> numbers(List<StoredSession> sessions) {
    return sessions.stream().map(StoredSession::number).toList();
  }
}
