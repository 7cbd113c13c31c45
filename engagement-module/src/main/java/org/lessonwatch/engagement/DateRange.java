package org.lessonwatch.engagement;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Days {@code [from, to)} in the configured time zone; analytics count the sessions that started
 * within them.
 */
public record DateRange(LocalDate from, LocalDate to) {

  /** Longest range the analytics accept: about ten years. */
  public static final int MAX_DAYS = 3700;

  public DateRange {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from must be before to: " + from + " / " + to);
    }
    if (ChronoUnit.DAYS.between(from, to) > MAX_DAYS) {
      throw new IllegalArgumentException("range longer than " + MAX_DAYS + " days");
    }
  }

  /** The {@code days} days up to and including {@code today}. */
  public static DateRange lastDays(LocalDate today, int days) {
    return new DateRange(today.minusDays(days - 1L), today.plusDays(1));
  }

  public long days() {
    return ChronoUnit.DAYS.between(from, to);
  }
}
