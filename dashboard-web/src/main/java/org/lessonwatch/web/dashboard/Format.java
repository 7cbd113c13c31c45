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

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A media position as m:ss, or h:mm:ss from an hour on. */
  static String clock(long seconds) {
    long s = Math.max(0, seconds);
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
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

  /** A percentage for CSV with one decimal and no sign, empty when there is none. */
  static String plainPercent(Double share) {
    if (share == null || share.isNaN() || share.isInfinite()) {
      return "";
    }
    return BigDecimal.valueOf(share * 100).setScale(1, RoundingMode.HALF_UP).toPlainString();
  }
}
