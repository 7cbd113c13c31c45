package org.lessonwatch.engagement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DateRangeTest {

  @ParameterizedTest
  @ValueSource(strings = {"2026-01-31", "2024-02-29", "1900-01-01", "9999-12-31"})
  void readsPlainDaysWithinTheSupportedOnes(String text) {
    assertEquals(Optional.of(LocalDate.parse(text)), DateRange.parseDay(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "+999999999-12-31",
        "-999999999-01-01",
        "+10000-01-01",
        "1899-12-31",
        "0000-01-01",
        "2026-02-30",
        "2025-02-29",
        "2026-1-5",
        "2026-01-01T00:00",
        " 2026-01-01",
        "2026-01-01\0",
        "٢٠٢٦-٠١-٠١",
        ""
      })
  void refusesEverythingElse(String text) {
    assertEquals(Optional.empty(), DateRange.parseDay(text));
  }

  @Test
  void holdsOnlyRangesWithinTheSupportedDays() {
    LocalDate end = DateRange.LAST_DAY.plusDays(1);

    assertEquals(1, new DateRange(DateRange.LAST_DAY, end).days());
    assertEquals(1, new DateRange(DateRange.FIRST_DAY, DateRange.FIRST_DAY.plusDays(1)).days());
    assertThrows(
        IllegalArgumentException.class, () -> new DateRange(DateRange.LAST_DAY, end.plusDays(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new DateRange(DateRange.FIRST_DAY.minusDays(1), DateRange.FIRST_DAY));
  }

  @Test
  void clampsComputedDaysToTheSupportedOnes() {
    assertEquals(DateRange.FIRST_DAY, DateRange.clamp(LocalDate.of(1899, 12, 2)));
    assertEquals(DateRange.LAST_DAY.plusDays(1), DateRange.clamp(LocalDate.of(10000, 1, 30)));
    assertEquals(LocalDate.of(2026, 1, 1), DateRange.clamp(LocalDate.of(2026, 1, 1)));
  }
}
