package org.lessonwatch.content;

import java.util.List;

/**
 * A course as an admin writes or reads it.
 *
 * @param instructors LMS subjects of the instructors who may see the course's analytics
 */
public record CourseDetails(String title, List<String> instructors) {

  public CourseDetails {
    instructors = List.copyOf(instructors);
  }
}
