package org.lessonwatch.content;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Read access to the catalogue for the other modules and the web layer. */
public interface ContentCatalog {

  /**
   * The lesson's video, for recording a heartbeat. Served from memory once warm; a catalogue change
   * is visible as soon as it commits.
   *
   * @throws ContentNotFoundException if no such lesson exists
   * @throws ContentWithoutVideoException if the lesson has no video URL
   */
  LessonVideo videoFor(ContentRef ref);

  /** Ids of the courses that list this LMS subject among their instructors. */
  Set<Long> coursesVisibleTo(String instructorSub);

  Optional<CourseDetails> course(long courseId);

  /** The given courses that exist, by title. */
  List<CourseListing> courses(Set<Long> courseIds);

  /** Every course, by title: what an admin may see. */
  List<CourseListing> allCourses();

  /** The lessons of the given courses, by course and title. */
  List<LessonListing> lessonsOf(Set<Long> courseIds);

  Optional<LessonDetails> lesson(ContentRef ref);
}
