package org.lessonwatch.engagement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationSettingTest {

  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Test
  void theBoundsAreTakenAndSpaceAroundTheValueIsNot() {
    assertEquals(SECOND, DurationSetting.parse("k", " PT1S ", SECOND, MINUTE, "PT5S"));
    assertEquals(MINUTE, DurationSetting.parse("k", "PT1M", SECOND, MINUTE, "PT5S"));
    assertEquals(Duration.ofDays(9), DurationSetting.parse("k", "P9D", SECOND, null, "PT5S"));
  }

  @Test
  void aValueOutsideItsRangeOrNotADurationNamesTheKeyTheRangeAndAnExample() {
    assertEquals(
        "k must be an ISO-8601 duration from PT1S to PT1M, such as PT5S, was 'PT0.999S'",
        assertThrows(
                IllegalStateException.class,
                () -> DurationSetting.parse("k", "PT0.999S", SECOND, MINUTE, "PT5S"))
            .getMessage());
    assertEquals(
        "k must be an ISO-8601 duration from PT1S to PT1M, such as PT5S, was 'PT61S'",
        assertThrows(
                IllegalStateException.class,
                () -> DurationSetting.parse("k", "PT61S", SECOND, MINUTE, "PT5S"))
            .getMessage());
    assertEquals(
        "k must be an ISO-8601 duration of at least PT0S, such as PT5S, was '5s'",
        assertThrows(
                IllegalStateException.class,
                () -> DurationSetting.parse("k", "5s", Duration.ZERO, null, "PT5S"))
            .getMessage());
    assertEquals(
        "k must be an ISO-8601 duration of at least PT0S, such as PT5S, was '-PT1S'",
        assertThrows(
                IllegalStateException.class,
                () -> DurationSetting.parse("k", "-PT1S", Duration.ZERO, null, "PT5S"))
            .getMessage());
  }
}
