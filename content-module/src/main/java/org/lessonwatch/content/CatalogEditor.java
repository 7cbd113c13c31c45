package org.lessonwatch.content;

/** Creates and replaces catalogue entries; every change publishes {@link CatalogChanged}. */
public interface CatalogEditor {

  /**
   * Creates or replaces a course.
   *
   * @return {@code true} if the course was created, {@code false} if replaced
   */
  boolean putCourse(long courseId, CourseDetails course);

  /**
   * Creates or replaces a lesson.
   *
   * @return {@code true} if the lesson was created, {@code false} if replaced
   * @throws UnknownCourseException if the lesson's course does not exist
   */
  boolean putLesson(ContentRef ref, LessonDetails lesson);
}
