package org.lessonwatch.engagement.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionRulesTest {

  private static final Duration GAP = Duration.ofMinutes(30);

  @Test
  void rejectsZeroGap() {
    assertThrows(IllegalArgumentException.class, () -> new SessionRules(Duration.ZERO, 90));
  }

  @Test
  void rejectsNegativeGap() {
    assertThrows(
        IllegalArgumentException.class, () -> new SessionRules(Duration.ofSeconds(-1), 90));
  }

  @Test
  void rejectsThresholdZero() {
    assertThrows(IllegalArgumentException.class, () -> new SessionRules(GAP, 0));
  }

  @Test
  void rejectsThresholdAboveHundred() {
    assertThrows(IllegalArgumentException.class, () -> new SessionRules(GAP, 101));
  }

  @Test
  void acceptsThresholdsOneAndHundred() {
    assertDoesNotThrow(() -> new SessionRules(GAP, 1));
    assertDoesNotThrow(() -> new SessionRules(GAP, 100));
  }

  @Test
  void countsTheGapBoundaryAsWithin() {
    SessionRules rules = new SessionRules(GAP, 90);
    Instant since = Instant.parse("2025-03-01T10:00:00Z");

    assertTrue(rules.withinGap(since, since.plus(GAP)));
    assertFalse(rules.withinGap(since, since.plus(GAP).plusMillis(1)));
  }

  @Test
  void reachesCompletionAtExactlyTheThreshold() {
    SessionRules rules = new SessionRules(GAP, 90);

    assertTrue(rules.reachesCompletion(540, 600));
    assertFalse(rules.reachesCompletion(539, 600));
  }

  @Test
  void reachesCompletionWithoutOverflowForADayLongVideo() {
    SessionRules rules = new SessionRules(GAP, 100);

    assertTrue(rules.reachesCompletion(86_400, 86_400));
    assertFalse(rules.reachesCompletion(86_399, 86_400));
  }

  @Test
  void reachesCompletionWithoutOverflowNearIntegerLimits() {
    SessionRules rules = new SessionRules(GAP, 90);

    assertTrue(rules.reachesCompletion(Integer.MAX_VALUE, Integer.MAX_VALUE));
    assertFalse(rules.reachesCompletion(Integer.MAX_VALUE / 2, Integer.MAX_VALUE));
  }

  @Test
  void reachesCompletionAtNinetyPercentOfADay() {
    SessionRules rules = new SessionRules(GAP, 90);

    assertTrue(rules.reachesCompletion(77_760, 86_400));
    assertFalse(rules.reachesCompletion(77_759, 86_400));
  }
}
