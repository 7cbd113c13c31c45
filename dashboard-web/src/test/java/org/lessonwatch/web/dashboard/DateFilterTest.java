package org.lessonwatch.web.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DateFilterTest {

  static final LocalDate TODAY = LocalDate.of(2026, 5, 31);

  @ParameterizedTest
  @CsvSource(
      nullValues = "none",
      value = {
        "+999999999-12-31, none, From",
        "none, -999999999-01-01, To",
        "-999999999-01-01, +999999999-12-31, To",
        "1899-12-31, none, From",
        "none, +10000-01-01, To",
        "2026-02-30, none, From"
      })
  void explainsDatesOutsideTheSupportedDays(String from, String to, String label) {
    var e =
        assertThrows(
            DateFilter.InvalidFilterException.class,
            () -> DateFilter.parse(from, to, TODAY, ZoneOffset.UTC));

    assertEquals(
        "“" + label + "” must be a date such as 2025-05-31, from 1900-01-01 to 9999-12-31.",
        e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "none",
      value = {
        "9999-12-31, none, 9999-12-31, 9999-12-31",
        "9999-12-20, none, 9999-12-20, 9999-12-31",
        "none, 1900-01-05, 1900-01-01, 1900-01-05"
      })
  void keepsDefaultedDaysWithinTheSupportedOnes(
      String from, String to, String firstDay, String lastDay) throws Exception {
    DateFilter filter = DateFilter.parse(from, to, TODAY, ZoneOffset.UTC);

    assertEquals(LocalDate.parse(firstDay), filter.range().from());
    assertEquals(LocalDate.parse(lastDay), filter.lastDay());
  }
}
