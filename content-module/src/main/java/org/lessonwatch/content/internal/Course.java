package org.lessonwatch.content.internal;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.lessonwatch.content.CourseDetails;

/** A course and the LMS subjects of its instructors. */
@Entity
@Table(name = "courses")
public class Course {

  @Id
  @Column(name = "course_id")
  private long id;

  @Column(nullable = false, length = 500)
  private String title;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "course_instructors", joinColumns = @JoinColumn(name = "course_id"))
  @Column(name = "instructor_sub", nullable = false)
  private Set<String> instructors = new TreeSet<>();

  protected Course() {}

  Course(long id) {
    this.id = id;
  }

  void replaceWith(CourseDetails details) {
    title = details.title();
    instructors.clear();
    instructors.addAll(details.instructors());
  }

  CourseDetails details() {
    return new CourseDetails(title, new ArrayList<>(new TreeSet<>(instructors)));
  }

  List<String> instructors() {
    return List.copyOf(instructors);
  }
}
