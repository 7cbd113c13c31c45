package org.lessonwatch.engagement.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * How long a heartbeat's caller waits for its group to commit, and how many heartbeats may wait for
 * a writer per queue, before the answer is a 503 that the player retries: the bounds that keep a
 * database that does not answer, or more heartbeats than the writers can take, from holding request
 * threads or filling memory.
 *
 * @param timeout from {@code engagement.heartbeat.timeout}; below the players' own 10 s
 * @param queueCapacity from {@code engagement.heartbeat.queue-capacity}
 * @param gather from {@code engagement.heartbeat.gather}: how long a writer that finds few
 *     heartbeats waiting lets more arrive before it writes them, so that its transaction is shared
 */
record HeartbeatLimits(Duration timeout, int queueCapacity, Duration gather) {

  static final Duration LONGEST_TIMEOUT = Duration.ofMinutes(1);
  static final int LARGEST_QUEUE = 1_000_000;
  static final Duration LONGEST_GATHER = Duration.ofMillis(100);

  static HeartbeatLimits parse(String timeoutText, String capacityText, String gatherText) {
    Duration timeout;
    try {
      timeout = Duration.parse(timeoutText.strip());
    } catch (DateTimeParseException e) {
      timeout = Duration.ZERO;
    }
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(LONGEST_TIMEOUT) > 0) {
      throw new IllegalStateException(
          "engagement.heartbeat.timeout must be an ISO-8601 duration from PT0.001S to PT1M,"
              + " such as PT9S, was '"
              + timeoutText
              + "'");
    }
    int capacity;
    try {
      capacity = Integer.parseInt(capacityText.strip());
    } catch (NumberFormatException e) {
      capacity = 0;
    }
    if (capacity < 1 || capacity > LARGEST_QUEUE) {
      throw new IllegalStateException(
          "engagement.heartbeat.queue-capacity must be a whole number from 1 to "
              + LARGEST_QUEUE
              + ", was '"
              + capacityText
              + "'");
    }
    Duration gather;
    try {
      gather = Duration.parse(gatherText.strip());
    } catch (DateTimeParseException e) {
      gather = Duration.ofSeconds(-1);
    }
    if (gather.isNegative() || gather.compareTo(LONGEST_GATHER) > 0) {
      throw new IllegalStateException(
          "engagement.heartbeat.gather must be an ISO-8601 duration from PT0S to PT0.1S, such as"
              + " PT0.002S, was '"
              + gatherText
              + "'");
    }
    return new HeartbeatLimits(timeout, capacity, gather);
  }
}
