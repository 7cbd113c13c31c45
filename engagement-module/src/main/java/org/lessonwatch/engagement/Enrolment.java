package org.lessonwatch.engagement;

/**
 * How a set of enrolled learners (a course's roster) has watched a set of lessons, over all their
 * sessions whatever the dates: a roster is a state of now, and "never started" means never.
 *
 * @param enrolled the distinct learners asked about
 * @param started those of them with at least one session on the lessons
 * @param completed those with at least one session completed by furthest position
 * @param coverageCompleted those with at least one session whose distinct seconds watched reached
 *     the completion threshold; {@code null} for a course, where the roll-ups do not keep it per
 *     learner
 */
public record Enrolment(long enrolled, long started, long completed, Long coverageCompleted) {

  /** Enrolled learners without any session on the lessons. */
  public long neverStarted() {
    return enrolled - started;
  }

  /** Completed (by position) over enrolled; {@code null} with nobody enrolled. */
  public Double completionRate() {
    return enrolled == 0 ? null : (double) completed / enrolled;
  }

  /** Completed by coverage over enrolled; {@code null} with nobody enrolled, or not counted. */
  public Double coverageCompletionRate() {
    return enrolled == 0 || coverageCompleted == null
        ? null
        : (double) coverageCompleted / enrolled;
  }
}
