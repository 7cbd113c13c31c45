package org.lessonwatch.engagement.internal;

import java.time.Duration;
import org.lessonwatch.engagement.DurationSetting;

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
    Duration timeout =
        DurationSetting.parse(
            "engagement.heartbeat.timeout",
            timeoutText,
            DurationSetting.SHORTEST,
            LONGEST_TIMEOUT,
            "PT9S");
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
    Duration gather =
        DurationSetting.parse(
            "engagement.heartbeat.gather", gatherText, Duration.ZERO, LONGEST_GATHER, "PT0.002S");
    return new HeartbeatLimits(timeout, capacity, gather);
  }
}
