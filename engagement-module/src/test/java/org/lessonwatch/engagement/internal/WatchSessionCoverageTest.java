package org.lessonwatch.engagement.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
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
    List<PlayedRange> played = new ArrayList<>();
    for (int i = 0; i < fromTo.length; i += 2) {
      played.add(new PlayedRange(fromTo[i], fromTo[i + 1]));
    }
    return PlaybackSample.of(new Heartbeat("learner", LESSON, position, 20, ended, played));
  }

  static WatchSession start(PlaybackSample first) {
    return WatchSession.start(StreamKey.of("learner", LESSON), 1, first, null, RULES, T0);
  }

  /** Every component of a stored state, arrays by content. */
  static String describe(WatchSession.Stored stored) {
    return Arrays.stream(WatchSession.Stored.class.getRecordComponents())
        .map(
            component -> {
              try {
                Object value = component.getAccessor().invoke(stored);
                return component.getName()
                    + "="
                    + (value instanceof int[] ints ? Arrays.toString(ints) : value);
              } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
              }
            })
        .collect(Collectors.joining(", "));
  }

  @Test
  void aSessionRestoredFromWhatWasStoredContinuesAsTheOriginalDoes() {
    WatchSession original = start(sample(5, false, 0, 5));
    original.record(sample(12, false, 5, 9.6, 11, 12), 20, RULES, T0.plusSeconds(10));
    original.stored(4_051);

    WatchSession restored = WatchSession.restore(original.stored());
    assertEquals(describe(original.stored()), describe(restored.stored()));
    for (WatchSession session : List.of(original, restored)) {
      session.record(sample(19.5, true, 12, 19.5), 20, RULES, T0.plusSeconds(20));
    }

    assertEquals(describe(original.stored()), describe(restored.stored()));
    assertEquals(original.recorded(), restored.recorded());
    assertEquals(4_051, restored.recorded().sessionId());
  }

  @Test
  void aSessionIsGivenItsIdOnce() {
    WatchSession session = start(sample(5, false, 0, 5));
    assertEquals(0, session.recorded().sessionId(), "not stored yet");
    assertThrows(IllegalStateException.class, session::id);

    session.stored(7);

    assertEquals(7, session.id());
    assertThrows(IllegalStateException.class, () -> session.stored(8));
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

  static PlaybackSample playing(double duration, List<PlayedRange> played) {
    return PlaybackSample.of(new Heartbeat("learner", LESSON, 0, duration, false, played));
  }

  /** 100 ranges of a fifth of a second, each around its own second: 2k, for k = 100 h … */
  static List<PlayedRange> tinySeparateRanges(int h) {
    List<PlayedRange> played = new ArrayList<>();
    for (int k = 100 * h; k < 100 * h + 100; k++) {
      played.add(new PlayedRange(2 * k + 0.4, 2 * k + 0.6));
    }
    return played;
  }

  @Test
  void keepsAtMostTheCapOfIntervalsFillingGapsForTinySeparateRanges() {
    int heartbeats = 2 * WatchSession.MAX_WATCHED_INTERVALS / 100;
    WatchSession session = start(playing(86_400, tinySeparateRanges(0)));
    for (int h = 1; h < heartbeats; h++) {
      session.record(playing(86_400, tinySeparateRanges(h)), null, RULES, T0.plusSeconds(h));

      assertTrue(
          session.watched().intervals() <= WatchSession.MAX_WATCHED_INTERVALS,
          session.watched().intervals() + " intervals after heartbeat " + h);
    }

    int played = 100 * heartbeats;
    for (int k = 0; k < played; k++) {
      assertTrue(session.watched().contains(2 * k), "second " + 2 * k + " was played");
    }
    // the gaps were all a second: each one filled overstates the seconds watched by one
    int filled = played - WatchSession.MAX_WATCHED_INTERVALS;
    assertEquals(played + filled, session.watchedSec());
    assertEquals(session.watchedSec(), IntStream.of(session.seenSecBy10s()).sum());
  }

  @Test
  void stopsCountingPlayedTimeAtTheCeilingInsteadOfOverflowing() {
    List<PlayedRange> wholeVideo = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      wholeVideo.add(new PlayedRange(0, 10));
    }
    PlaybackSample sample = playing(10, wholeVideo);
    WatchSession session = start(sample);
    // each heartbeat plays the one stretch 100 times, 10,000 tenths: enough to pass 2^31
    int heartbeats = Integer.MAX_VALUE / 10_000 + 1;
    for (int h = 1; h <= heartbeats; h++) {
      session.record(sample, null, RULES, T0.plusSeconds(h));
    }

    assertArrayEquals(new int[] {WatchSession.MAX_PLAYED_DS_PER_STRETCH}, session.playedDsBy10s());
    assertArrayEquals(new int[] {10}, session.seenSecBy10s());
  }

  @Test
  void countsLongRangesInEveryStretchTheyCover() {
    List<PlayedRange> played = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      played.add(new PlayedRange(0.3, 86_399.6));
    }

    WatchSession session = start(playing(86_400, played));

    int[] expected = new int[8_640];
    Arrays.fill(expected, 100 * 100);
    expected[0] = 97 * 100;
    expected[8_639] = 96 * 100;
    assertArrayEquals(expected, session.playedDsBy10s());
    assertEquals(86_400, session.watchedSec(), "0.3 and 86,399.6 round to 0 and 86,400");
  }

  /**
   * A viewer of a two-hour lecture who mostly plays on, sometimes seeks either way and rewatches:
   * the session's counts equal counting second by second and stretch by stretch.
   */
  @Test
  void matchesCountingSecondBySecondForOrdinaryViewing() {
    Random random = new Random(7);
    int duration = 7_200;
    boolean[] seen = new boolean[duration];
    long[] playedDs = new long[duration / 10];
    double position = 0;
    WatchSession session = null;
    for (int h = 0; h < 600; h++) {
      List<PlayedRange> played = new ArrayList<>();
      for (int r = 1 + random.nextInt(3); r > 0; r--) {
        if (random.nextInt(6) == 0) {
          position = random.nextInt(duration * 10) / 10.0;
        }
        double to = Math.min(duration, position + 0.2 + random.nextInt(120) / 10.0);
        if (position < to) {
          played.add(new PlayedRange(position, to));
          for (int second = (int) Math.round(position); second < Math.round(to); second++) {
            seen[second] = true;
          }
          for (int stretch = (int) (position / 10); stretch * 10 < to; stretch++) {
            double overlap = Math.min(to, stretch * 10 + 10) - Math.max(position, stretch * 10);
            playedDs[stretch] += Math.round(overlap * 10);
          }
        }
        position = to < duration ? to : 0;
      }
      PlaybackSample sample = playing(duration, played);
      if (session == null) {
        session = start(sample);
      } else {
        session.record(sample, null, RULES, T0.plusSeconds(10 * h));
      }

      int stretches = session.playedDsBy10s().length;
      int[] seenBy10s = new int[stretches];
      int watched = 0;
      for (int second = 0; second < duration; second++) {
        assertEquals(seen[second], session.watched().contains(second), "second " + second);
        if (seen[second]) {
          watched++;
          seenBy10s[second / 10]++;
        }
      }
      assertEquals(watched, session.watchedSec());
      assertArrayEquals(seenBy10s, session.seenSecBy10s());
      assertArrayEquals(
          LongStream.of(playedDs).limit(stretches).mapToInt(ds -> (int) ds).toArray(),
          session.playedDsBy10s());
    }
    assertTrue(session.watched().intervals() < WatchSession.MAX_WATCHED_INTERVALS);
  }
}
