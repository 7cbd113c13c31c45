package org.lessonwatch.web.dashboard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How numbers, rates, positions and times read on the pages and in CSV files. */
final class Format {

  /** What a page shows for a rate with nothing to divide by. */
  static final String NONE = "—";

  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  private Format() {}

  /** A share as a percentage with one decimal ("42.5%"), or "—" when there is none. */
  static String percent(Double share) {
    if (share == null || share.isNaN() || share.isInfinite()) {
      return NONE;
    }
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  /**
   * A count with thousands separated by commas ("12,345"), as {@code %,d} writes it in the root
   * locale; by hand, since a page writes hundreds of them and a formatter parses its pattern on
   * every call.
   */
  static String count(long n) {
    String digits = Long.toString(n);
    int sign = n < 0 ? 1 : 0;
    int length = digits.length() - sign;
    if (length <= 3) {
      return digits;
    }
    StringBuilder out = new StringBuilder(digits.length() + (length - 1) / 3);
    out.append(digits, 0, sign);
    for (int i = 0; i < length; i++) {
      if (i > 0 && (length - i) % 3 == 0) {
        out.append(',');
      }
      out.append(digits.charAt(sign + i));
    }
    return out.toString();
  }

  /** A media position as m:ss, or h:mm:ss from an hour on. */
  static String clock(long seconds) {
    long s = Math.max(0, seconds);
    StringBuilder out = new StringBuilder(8);
    if (s >= 3600) {
      out.append(s / 3600).append(':');
      twoDigits(out, s / 60 % 60);
    } else {
      out.append(s / 60);
    }
    return twoDigits(out.append(':'), s % 60).toString();
  }

  private static StringBuilder twoDigits(StringBuilder out, long value) {
    return out.append(value < 10 ? "0" : "").append(value);
  }

  /** A lag as a person says it: "45 s", "3 min", "2 h 5 min". */
  static String duration(Duration lag) {
    long seconds = lag.toSeconds();
    if (seconds < 60) {
      return seconds + " s";
    }
    long minutes = seconds / 60;
    return minutes < 60 ? minutes + " min" : minutes / 60 + " h " + minutes % 60 + " min";
  }

  static String dateTime(Instant instant, ZoneId zone) {
    return instant == null ? NONE : DATE_TIME.format(instant.atZone(zone));
  }

  /** A share for CSV: a plain decimal fraction with four places, empty when there is none. */
  static String fraction(Double share) {
    if (share == null || share.isNaN() || share.isInfinite()) {
      return "";
    }
    return BigDecimal.valueOf(share).setScale(4, RoundingMode.HALF_UP).toPlainString();
  }

  /**
   * {@code part} of {@code whole} (at most all of it) as a percentage for CSV, with one decimal and
   * no sign, rounded half up from the exact ratio (23 of 80 is 28.75 %, so "28.8"), in integers: a
   * CSV writes one per row. Empty when {@code whole} is not positive.
   */
  static String plainPercent(long part, long whole) {
    if (whole <= 0) {
      return "";
    }
    long tenths = (2000 * Math.max(0, Math.min(part, whole)) + whole) / (2 * whole);
    return tenths / 10 + "." + tenths % 10;
  }
}
