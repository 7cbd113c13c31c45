package org.lessonwatch.engagement.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.lessonwatch.content.ContentKind;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.engagement.Heartbeat;
import org.lessonwatch.engagement.internal.WatchSession.Continuation;

class WatchSessionTest {

  private static final Duration GAP = Duration.ofMinutes(30);
  private static final SessionRules RULES = new SessionRules(GAP, 90);
  private static final ContentRef LESSON = new ContentRef(ContentKind.LMS_LESSON, 42);
  private static final StreamKey KEY = StreamKey.of("learner-1", LESSON);
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final Integer NO_CATALOGUE = null;

  private static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  private static PlaybackSample playing(double positionSec, double durationSec) {
    return PlaybackSample.of(new Heartbeat("learner-1", LESSON, positionSec, durationSec, false));
  }

  private static PlaybackSample ended(double positionSec, double durationSec) {
    return PlaybackSample.of(new Heartbeat("learner-1", LESSON, positionSec, durationSec, true));
  }

  private static WatchSession startedWith(PlaybackSample first, Integer catalogueDurationSec) {
    return WatchSession.start(KEY, 1, first, catalogueDurationSec, RULES, T0);
  }

  // --- continuation -------------------------------------------------------------------------

  @Test
  void continuesWhenNextHeartbeatIsWithinTheGap() {
    WatchSession session = startedWith(playing(10, 600), NO_CATALOGUE);

    assertEquals(Continuation.CONTINUE, session.classify(playing(20, 600), at(60), RULES));
  }

  @Test
  void continuesWhenNextHeartbeatIsExactlyAtTheGap() {
    WatchSession session = startedWith(playing(10, 600), NO_CATALOGUE);

    assertEquals(Continuation.CONTINUE, session.classify(playing(20, 600), T0.plus(GAP), RULES));
  }

  @Test
  void startsNextSessionOneMillisecondAfterTheGap() {
    WatchSession session = startedWith(playing(10, 600), NO_CATALOGUE);

    Instant justAfter = T0.plus(GAP).plusMillis(1);
    assertEquals(Continuation.START_NEXT, session.classify(playing(20, 600), justAfter, RULES));
  }

  @Test
  void startsNextSessionWhenGapHasPassed() {
    WatchSession session = startedWith(playing(10, 600), NO_CATALOGUE);

    assertEquals(Continuation.START_NEXT, session.classify(playing(20, 600), at(2 * 3600), RULES));
  }

  @Test
  void measuresTheGapFromTheLastHeartbeatNotFromTheStart() {
    WatchSession session = startedWith(playing(10, 600), NO_CATALOGUE);
    session.record(playing(20, 600), NO_CATALOGUE, RULES, at(20 * 60));

    assertEquals(Continuation.CONTINUE, session.classify(playing(30, 600), at(45 * 60), RULES));
  }

  // --- ended --------------------------------------------------------------------------------

  @Test
  void endedHeartbeatClosesTheSession() {
    WatchSession session = startedWith(playing(10, 600), NO_CATALOGUE);
    assertNull(session.endedAt());

    session.record(ended(600, 600), NO_CATALOGUE, RULES, at(60));

    assertEquals(at(60), session.endedAt());
  }

  @Test
  void startsNextSessionOnPlayingHeartbeatAfterEnded() {
    WatchSession session = startedWith(playing(10, 600), NO_CATALOGUE);
    session.record(ended(600, 600), NO_CATALOGUE, RULES, at(60));

    assertEquals(Continuation.START_NEXT, session.classify(playing(0, 600), at(70), RULES));
  }

  @Test
  void treatsRepeatedEndedWithinTheGapAsDuplicate() {
    WatchSession session = startedWith(playing(10, 600), NO_CATALOGUE);
    session.record(ended(600, 600), NO_CATALOGUE, RULES, at(60));

    assertEquals(Continuation.DUPLICATE_END, session.classify(ended(600, 600), at(70), RULES));
    assertEquals(
        Continuation.DUPLICATE_END, session.classify(ended(600, 600), at(60).plus(GAP), RULES));
  }

  @Test
  void startsNextSessionOnRepeatedEndedAfterTheGap() {
    WatchSession session = startedWith(playing(10, 600), NO_CATALOGUE);
    session.record(ended(600, 600), NO_CATALOGUE, RULES, at(60));

    Instant afterGap = at(60).plus(GAP).plusMillis(1);
    assertEquals(Continuation.START_NEXT, session.classify(ended(600, 600), afterGap, RULES));
  }

  @Test
  void sessionStartedByEndedHeartbeatIsClosedAtOnce() {
    WatchSession session = startedWith(ended(600, 600), NO_CATALOGUE);

    assertEquals(T0, session.endedAt());
  }

  // --- furthest position --------------------------------------------------------------------

  @Test
  void furthestPositionIsFloored() {
    WatchSession session = startedWith(playing(131.7, 600), NO_CATALOGUE);

    assertEquals(131, session.maxPositionSec());
  }

  @Test
  void furthestPositionOnlyGrows() {
    WatchSession session = startedWith(playing(300.9, 600), NO_CATALOGUE);

    session.record(playing(120, 600), NO_CATALOGUE, RULES, at(10));
    assertEquals(300, session.maxPositionSec());

    session.record(playing(310.2, 600), NO_CATALOGUE, RULES, at(20));
    assertEquals(310, session.maxPositionSec());
  }

  @Test
  void furthestPositionIsClampedToReportedDuration() {
    WatchSession session = startedWith(playing(650, 600), NO_CATALOGUE);

    assertEquals(600, session.maxPositionSec());
  }

  @Test
  void furthestPositionIsClampedToCatalogueDurationWhenNoneReported() {
    WatchSession session = startedWith(playing(650, 0), 600);

    assertEquals(600, session.maxPositionSec());
  }

  @Test
  void furthestPositionIsNotClampedWithoutAnyDuration() {
    WatchSession session = startedWith(playing(5000, 0), NO_CATALOGUE);

    assertEquals(5000, session.maxPositionSec());
    assertNull(session.durationSec());
  }

  // --- duration -----------------------------------------------------------------------------

  @Test
  void reportedDurationWinsOverCatalogue() {
    WatchSession session = startedWith(playing(10, 600), 900);

    assertEquals(600, session.durationSec());
  }

  @Test
  void latestReportedDurationWinsOverEarlierOne() {
    WatchSession session = startedWith(playing(10, 600), NO_CATALOGUE);

    session.record(playing(20, 720), NO_CATALOGUE, RULES, at(10));

    assertEquals(720, session.durationSec());
  }

  @Test
  void keepsReportedDurationWhenLaterHeartbeatReportsNone() {
    WatchSession session = startedWith(playing(10, 600), 900);

    session.record(playing(20, 0), 900, RULES, at(10));

    assertEquals(600, session.durationSec());
  }

  @Test
  void reportedDurationIsRoundedUp() {
    WatchSession session = startedWith(playing(10, 600.2), NO_CATALOGUE);

    assertEquals(601, session.durationSec());
  }

  @Test
  void usesCatalogueDurationWhenNoneReported() {
    WatchSession session = startedWith(playing(10, 0), 600);

    assertEquals(600, session.durationSec());
  }

  @Test
  void followsCatalogueDurationOnLaterHeartbeatsWhileNoneReported() {
    WatchSession session = startedWith(playing(10, 0), 600);

    session.record(playing(20, 0), 720, RULES, at(10));

    assertEquals(720, session.durationSec());
  }

  @Test
  void reportedDurationReplacesCatalogueDurationForGood() {
    WatchSession session = startedWith(playing(10, 0), 900);
    session.record(playing(20, 600), 900, RULES, at(10));

    session.record(playing(30, 0), 1200, RULES, at(20));

    assertEquals(600, session.durationSec());
  }

  // --- completion ---------------------------------------------------------------------------

  @Test
  void completesAtExactlyTheThreshold() {
    WatchSession session = startedWith(playing(540, 600), NO_CATALOGUE);

    assertEquals(T0, session.completedAt());
  }

  @Test
  void doesNotCompleteJustBelowTheThreshold() {
    WatchSession session = startedWith(playing(539.9, 600), NO_CATALOGUE);

    assertNull(session.completedAt());
  }

  @Test
  void completesAgainstCatalogueDurationWhenNoneReported() {
    WatchSession session = startedWith(playing(540, 0), 600);

    assertNotNull(session.completedAt());
  }

  @Test
  void neverCompletesWithoutAnyDuration() {
    WatchSession session = startedWith(playing(5000, 0), NO_CATALOGUE);

    session.record(ended(86_400, 0), NO_CATALOGUE, RULES, at(10));

    assertNull(session.completedAt());
  }

  @Test
  void completionTimeIsTheFirstHeartbeatReachingTheThreshold() {
    WatchSession session = startedWith(playing(100, 600), NO_CATALOGUE);
    session.record(playing(540, 600), NO_CATALOGUE, RULES, at(10));

    session.record(playing(590, 600), NO_CATALOGUE, RULES, at(20));

    assertEquals(at(10), session.completedAt());
  }

  @Test
  void completionNeverRevertsWhenALongerDurationIsReportedLater() {
    WatchSession session = startedWith(playing(540, 600), NO_CATALOGUE);

    session.record(playing(545, 1000), NO_CATALOGUE, RULES, at(10));

    assertEquals(1000, session.durationSec());
    assertEquals(T0, session.completedAt());
  }

  // --- bookkeeping --------------------------------------------------------------------------

  @Test
  void countsEveryRecordedHeartbeat() {
    WatchSession session = startedWith(playing(10, 600), NO_CATALOGUE);
    assertEquals(1, session.heartbeatCount());

    session.record(playing(20, 600), NO_CATALOGUE, RULES, at(10));
    session.record(playing(30, 600), NO_CATALOGUE, RULES, at(20));

    assertEquals(3, session.heartbeatCount());
  }

  @Test
  void keepsTheSessionNumberItWasStartedWith() {
    WatchSession replay = WatchSession.start(KEY, 3, playing(10, 600), NO_CATALOGUE, RULES, T0);

    assertEquals(3, replay.sessionNumber());
  }

  @Test
  void exposesStateThroughAccessorsBeforePersistence() {
    // recorded() unboxes the JPA-generated id, which is null until persisted: use the accessors.
    WatchSession session = WatchSession.start(KEY, 2, playing(100, 600), NO_CATALOGUE, RULES, T0);
    session.record(playing(560, 600), NO_CATALOGUE, RULES, at(10));

    assertEquals(2, session.sessionNumber());
    assertEquals(560, session.maxPositionSec());
    assertNotNull(session.completedAt());
  }
}
