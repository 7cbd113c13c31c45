package org.lessonwatch.content;

/** A lesson names a course the catalogue does not hold. */
public final class UnknownCourseException extends RuntimeException {

  private final long courseId;

  public UnknownCourseException(long courseId) {
    super("no course with id " + courseId);
    this.courseId = courseId;
  }

  public long courseId() {
    return courseId;
  }
}
