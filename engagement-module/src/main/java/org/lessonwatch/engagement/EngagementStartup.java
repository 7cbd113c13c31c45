package org.lessonwatch.engagement;

import java.time.Duration;

/**
 * What the engagement module needs done once, at start-up, in this order. The roll-ups behind the
 * reports are kept by a background job: settled sessions (ended, or idle past the session gap) are
 * added to per-lesson-and-day counters, so reports stay fast with millions of sessions.
 */
public interface EngagementStartup {

  /**
   * Reads the module's configuration keys (session rules, time zone, roll-up interval).
   *
   * @throws IllegalStateException naming the key, if a value is invalid
   */
  void checkConfiguration();

  /**
   * Once the schema is migrated: makes the roll-ups count days in the configured time zone
   * (rebuilding them if they were made for another), then rolls up settled sessions every {@code
   * engagement.rollup-interval}.
   *
   * @param lockTimeout how long to wait for roll-up work in flight (on any node) before giving up
   * @throws IllegalStateException if that work did not finish in time, naming who holds it
   */
  void startRollups(Duration lockTimeout);
}
