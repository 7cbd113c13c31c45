package org.lessonwatch.engagement.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lessonwatch.content.ContentKind;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.engagement.Heartbeat;
import org.lessonwatch.engagement.PlayedRange;

/** Coverage: what was played, not how far the position got. */
class WatchSessionCoverageTest {

  static final SessionRules RULES = new SessionRules(Duration.ofMinutes(30), 90);
  static final ContentRef LESSON = new ContentRef(ContentKind.LMS_LESSON, 7);
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  static PlaybackSample sample(double position, boolean ended, double... fromTo) {
    List<PlayedRange> played = new java.util.ArrayList<>();
    for (int i = 0; i < fromTo.length; i += 2) {
      played.add(new PlayedRange(fromTo[i], fromTo[i + 1]));
    }
    return PlaybackSample.of(new Heartbeat("learner", LESSON, position, 20, ended, played));
  }

  static WatchSession start(PlaybackSample first) {
    return WatchSession.start(StreamKey.of("learner", LESSON), 1, first, null, RULES, T0);
  }

  @Test
  void seekingToTheEndCompletesByPositionButNotByCoverage() {
    WatchSession session = start(sample(5, false, 0, 5));
    session.record(sample(20, true, 17, 20), null, RULES, T0.plusSeconds(10));

    assertNotNull(session.completedAt(), "position reached the end");
    assertNull(session.coverageCompletedAt(), "only 8 of 20 seconds were played");
    assertEquals(8, session.watchedSec());
    assertEquals(0.4, session.watchedShare(), 1e-9);
  }

  @Test
  void watchingNearlyEverythingCompletesByCoverage() {
    WatchSession session = start(sample(10, false, 0, 10));
    session.record(sample(18.2, false, 10, 18.2), null, RULES, T0.plusSeconds(10));

    assertEquals(18, session.watchedSec());
    assertEquals(T0.plusSeconds(10), session.coverageCompletedAt(), "18 of 20 is 90 %");
  }

  @Test
  void countsRewatchedStretchesWithRepeatsButSecondsOnce() {
    WatchSession session = start(sample(10, false, 0, 10));
    session.record(sample(10, false, 4, 10, 4, 10), null, RULES, T0.plusSeconds(10));
    session.record(sample(15, false, 10, 15), null, RULES, T0.plusSeconds(20));

    assertEquals(15, session.watchedSec());
    assertArrayEquals(new int[] {220, 50}, session.playedDsBy10s(), "tenths of a second played");
    assertArrayEquals(new int[] {10, 5}, session.seenSecBy10s());
  }

  @Test
  void roundsRangeBoundsSoConsecutiveHeartbeatsMeetOnce() {
    WatchSession session = start(sample(5.3, false, 0, 5.3));
    session.record(sample(10.1, false, 5.3, 10.1), null, RULES, T0.plusSeconds(10));

    assertEquals(10, session.watchedSec());
    assertEquals(101, session.playedDsBy10s()[0] + session.playedDsBy10s()[1]);
  }

  @Test
  void neverCountsMoreThanTheDuration() {
    WatchSession session = start(sample(20, false, 0, 20));
    session.record(sample(20, false, 15, 40), null, RULES, T0.plusSeconds(10));

    assertEquals(20, session.watchedSec(), "clipped to the 20 s the player reported");
  }

  @Test
  void hasNoCoverageWhenPlayerReportsNoRanges() {
    WatchSession session = start(sample(20, true));

    assertFalse(session.coverageTracked());
    assertNull(session.watchedShare());
    assertNull(session.coverageCompletedAt());
  }

  @Test
  void keepsCoverageCompletionOnceEarned() {
    WatchSession session = start(sample(19, false, 0, 19));
    session.record(sample(19, false, 0, 1), 200, RULES, T0.plusSeconds(10));

    assertTrue(session.coverageTracked());
    assertEquals(T0, session.coverageCompletedAt());
  }
}
