package org.lessonwatch.engagement;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Days {@code [from, to)} in the configured time zone; analytics count the sessions that started
 * within them.
 *
 * <p>Every range lies within {@link #FIRST_DAY} … {@link #LAST_DAY}, the days that the API's
 * parameters and the pages' date filter may name ({@link #parseDay}), so that no day arithmetic on
 * a range, nor its conversion to instants and PostgreSQL timestamps, can leave what they hold.
 */
public record DateRange(LocalDate from, LocalDate to) {

  /** Longest range the analytics accept: about ten years. */
  public static final int MAX_DAYS = 3700;

  /**
   * The first day a range may start. No session can be older; the bound keeps ranges clear of what
   * old dates bring: before 1900 zones ran on local mean time, before 1582 java.sql's Julian
   * calendar and java.time's Gregorian one disagree, and before year 1 come negative years.
   */
  public static final LocalDate FIRST_DAY = LocalDate.of(1900, 1, 1);

  /**
   * The last day a range may cover: the last with four digits in its year, as {@code YYYY-MM-DD}
   * has. A range ending there is far inside what {@code Instant} and PostgreSQL hold.
   */
  public static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);

  /** ASCII digits only: {@link LocalDate#parse} also takes signed years of up to nine digits. */
  private static final Pattern PLAIN_DAY = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

  public DateRange {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from must be before to: " + from + " / " + to);
    }
    if (ChronoUnit.DAYS.between(from, to) > MAX_DAYS) {
      throw new IllegalArgumentException("range longer than " + MAX_DAYS + " days");
    }
    if (from.isBefore(FIRST_DAY) || to.isAfter(LAST_DAY.plusDays(1))) {
      throw new IllegalArgumentException("range outside " + FIRST_DAY + " … " + LAST_DAY);
    }
  }

  /** The {@code days} days up to and including {@code today}. */
  public static DateRange lastDays(LocalDate today, int days) {
    return new DateRange(today.minusDays(days - 1L), today.plusDays(1));
  }

  /**
   * A day as people and clients write it, {@code YYYY-MM-DD}, from {@link #FIRST_DAY} to {@link
   * #LAST_DAY}; empty for anything else ({@code 2026-02-30}, {@code +999999999-12-31}).
   */
  public static Optional<LocalDate> parseDay(String text) {
    if (text == null || !PLAIN_DAY.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(text)).filter(day -> !day.isBefore(FIRST_DAY));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** {@code day}, or the nearest day in {@code [FIRST_DAY, LAST_DAY + 1]}: for computed ends. */
  public static LocalDate clamp(LocalDate day) {
    LocalDate end = LAST_DAY.plusDays(1);
    return day.isBefore(FIRST_DAY) ? FIRST_DAY : day.isAfter(end) ? end : day;
  }

  public long days() {
    return ChronoUnit.DAYS.between(from, to);
  }
}
