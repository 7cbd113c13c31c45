package org.lessonwatch.engagement;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * How every ISO-8601 duration setting of the service is read, so that a bad value stops the
 * start-up with one kind of message: the key, the range it takes, an example and the value given.
 */
public final class DurationSetting {

  /** The least value of a setting that must be positive: a millisecond. */
  public static final Duration SHORTEST = Duration.ofMillis(1);

  private DurationSetting() {}

  /**
   * The setting's value, between {@code least} and {@code most} inclusive.
   *
   * @param most the largest value taken, or {@code null} for no bound
   * @param example a good value, for the message
   * @throws IllegalStateException naming the key, its range, the example and the value, if the
   *     value is not an ISO-8601 duration in that range
   */
  public static Duration parse(
      String key, String text, Duration least, Duration most, String example) {
    try {
      Duration value = Duration.parse(text.strip());
      if (value.compareTo(least) >= 0 && (most == null || value.compareTo(most) <= 0)) {
        return value;
      }
    } catch (DateTimeParseException e) {
      // said below
    }
    throw new IllegalStateException(
        key
            + " must be an ISO-8601 duration "
            + (most == null ? "of at least " + least : "from " + least + " to " + most)
            + ", such as "
            + example
            + ", was '"
            + text
            + "'");
  }
}
