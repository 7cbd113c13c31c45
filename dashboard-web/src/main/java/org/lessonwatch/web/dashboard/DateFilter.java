package org.lessonwatch.web.dashboard;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import org.lessonwatch.engagement.DateRange;

/**
 * The date-range filter every page carries as {@code ?from=…&to=…}. On pages both dates are
 * inclusive ("From 1 May to 31 May"), which is how people read a range; the analytics' exclusive
 * end is one day after {@code to}. Without parameters the range is the last 30 days up to today in
 * the configured zone. Dates follow the API's rule ({@link DateRange#parseDay}).
 */
public record DateFilter(DateRange range, ZoneId zone) {

  static final int DEFAULT_DAYS = 30;

  /** A filter that cannot be applied, with the message that says why. */
  static final class InvalidFilterException extends Exception {
    private final transient Form form;

    InvalidFilterException(String message, Form form) {
      super(message, null, false, false);
      this.form = form;
    }

    Form form() {
      return form;
    }
  }

  /** The filter form's values, as typed (so that a wrong value can be corrected) and explained. */
  public record Form(String from, String to, String description, String query) {}

  static DateFilter parse(String fromText, String toText, LocalDate today, ZoneId zone)
      throws InvalidFilterException {
    Form typed = new Form(blankToEmpty(fromText), blankToEmpty(toText), "", "");
    LocalDate to = date(toText, "To", typed);
    LocalDate from = date(fromText, "From", typed);
    // Defaults computed from a day near the edge of the supported days stay inside them, so that
    // the page's links carry only dates that the filter accepts.
    if (to == null) {
      to = from == null ? today : DateRange.clamp(from.plusDays(DEFAULT_DAYS)).minusDays(1);
    }
    if (from == null) {
      from = DateRange.clamp(to.minusDays(DEFAULT_DAYS - 1L));
    }
    if (from.isAfter(to)) {
      throw new InvalidFilterException("“From” must not be after “To”.", typed);
    }
    if (ChronoUnit.DAYS.between(from, to) + 1 > DateRange.MAX_DAYS) {
      throw new InvalidFilterException(
          "The range may be at most " + DateRange.MAX_DAYS + " days long.", typed);
    }
    return new DateFilter(new DateRange(from, to.plusDays(1)), zone);
  }

  private static LocalDate date(String text, String label, Form typed)
      throws InvalidFilterException {
    if (text == null || text.isBlank()) {
      return null;
    }
    return DateRange.parseDay(text.strip())
        .orElseThrow(
            () ->
                new InvalidFilterException(
                    "“"
                        + label
                        + "” must be a date such as 2025-05-31, from "
                        + DateRange.FIRST_DAY
                        + " to "
                        + DateRange.LAST_DAY
                        + ".",
                    typed));
  }

  private static String blankToEmpty(String text) {
    return text == null ? "" : text.strip();
  }

  LocalDate lastDay() {
    return range.to().minusDays(1);
  }

  /** The query string that keeps this range on links between pages. */
  String query() {
    return "from=" + range.from() + "&to=" + lastDay();
  }

  Form form() {
    return new Form(range.from().toString(), lastDay().toString(), description(), query());
  }

  String description() {
    long days = range.days();
    return "Sessions started from "
        + range.from()
        + " to "
        + lastDay()
        + ", both days included ("
        + days
        + (days == 1 ? " day" : " days")
        + ", dates in "
        + zone.getId()
        + ").";
  }
}
