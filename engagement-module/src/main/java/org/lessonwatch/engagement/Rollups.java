package org.lessonwatch.engagement;

/**
 * The roll-ups behind the reports: settled sessions (ended, or idle past the session gap) are added
 * to per-lesson-and-day counters in the background, so reports stay fast with millions of sessions.
 * Started once, after the database schema is in place.
 */
public interface Rollups {

  /**
   * Rebuilds the roll-ups if they were made for another time zone, then rolls up settled sessions
   * every {@code engagement.rollup-interval}.
   */
  void start();
}
