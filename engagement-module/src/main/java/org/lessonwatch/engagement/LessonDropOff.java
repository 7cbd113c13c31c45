package org.lessonwatch.engagement;

import org.lessonwatch.content.ContentRef;

/**
 * One lesson's closed sessions and those of them left before completion.
 *
 * @param closedSessions completed, ended, or idle longer than the session gap
 * @param droppedSessions closed sessions not completed
 */
public record LessonDropOff(ContentRef lesson, long closedSessions, long droppedSessions) {

  /** Dropped over closed sessions; {@code null} without closed sessions. */
  public Double dropOffRate() {
    return closedSessions == 0 ? null : (double) droppedSessions / closedSessions;
  }
}
