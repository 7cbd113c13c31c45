package org.lessonwatch.engagement.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lessonwatch.engagement.ImplausiblePlaybackException;
import org.lessonwatch.engagement.PlayedRange;

class PlaybackPaceTest {

  static final Instant START = Instant.parse("2026-12-05T10:00:00Z");

  @Test
  void aNewSessionMayCarryTheSlackAndNoMore() {
    assertDoesNotThrow(
        () -> PlaybackPace.require(0, START, List.of(new PlayedRange(0, 60)), START));
    var refused =
        assertThrows(
            ImplausiblePlaybackException.class,
            () -> PlaybackPace.require(0, START, List.of(new PlayedRange(0, 60.5)), START));
    assertEquals("played", refused.field());
  }

  @Test
  void allowsFourTimesTheWallTimeSinceTheStartCountingWhatWasPlayedBefore() {
    Instant later = START.plusSeconds(100); // 4 × 100 + 60 = 460 s of media
    List<PlayedRange> tenSeconds = List.of(new PlayedRange(100, 105), new PlayedRange(100, 105));
    assertDoesNotThrow(() -> PlaybackPace.require(4_500, START, tenSeconds, later));
    assertThrows(
        ImplausiblePlaybackException.class,
        () -> PlaybackPace.require(4_501, START, tenSeconds, later),
        "repeats count: 450.1 + 10 > 460");
  }

  @Test
  void aHeartbeatWithoutRangesIsNeverRefused() {
    assertDoesNotThrow(() -> PlaybackPace.require(1_000_000, START, List.of(), START));
  }
}
