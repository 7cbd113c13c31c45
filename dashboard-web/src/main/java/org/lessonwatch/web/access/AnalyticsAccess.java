package org.lessonwatch.web.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.lessonwatch.content.ContentCatalog;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.content.CourseListing;
import org.lessonwatch.content.LessonListing;

/**
 * Decides what analytics an audience may see: admins everything, instructors the courses that list
 * them (or, launched from an LMS, the one linked course), a learner launched from an LMS their own
 * page in that course, anyone else nothing. Unknown courses and lessons are 404 for everyone, so
 * that an instructor learns nothing about other instructors' courses but that they exist.
 */
@ApplicationScoped
public class AnalyticsAccess {

  @Inject ContentCatalog catalog;

  /** The courses the audience may see, by title. */
  public List<CourseListing> courses(Audience audience) {
    if (audience.isAdmin()) {
      return catalog.allCourses();
    }
    if (audience.isInstructor()) {
      return catalog.courses(visibleCourses(audience));
    }
    throw AccessDeniedException.forbidden("analytics are for instructors and admins");
  }

  /** One course, if the audience may see it. */
  public CourseListing course(Audience audience, long courseId) {
    CourseListing course =
        catalog.courses(Set.of(courseId)).stream()
            .findFirst()
            .orElseThrow(() -> AccessDeniedException.notFound("no course " + courseId));
    requireCourse(audience, courseId);
    return course;
  }

  /**
   * The course of a learner's page, if the audience may see that learner there: the course's
   * instructors and admins see any learner; a learner launched from the LMS into this course sees
   * themselves, and nobody else.
   */
  public CourseListing learnerCourse(Audience audience, long courseId, String learner) {
    if (audience.isAdmin() || audience.isInstructor()) {
      return course(audience, courseId);
    }
    boolean self =
        audience.roles().contains(Roles.LEARNER)
            && audience.name().equals(learner)
            && audience.course().equals(Optional.of(courseId));
    if (!self) {
      throw AccessDeniedException.forbidden("learners see their own page only");
    }
    return catalog.courses(Set.of(courseId)).stream()
        .findFirst()
        .orElseThrow(() -> AccessDeniedException.notFound("no course " + courseId));
  }

  /** One lesson, if the audience may see its course. */
  public LessonListing lesson(Audience audience, ContentRef ref) {
    LessonListing lesson =
        catalog
            .lesson(ref)
            .map(
                details ->
                    new LessonListing(
                        ref,
                        details.courseId(),
                        details.title(),
                        details.durationSec(),
                        details.hasVideo() ? details.videoUrl() : null))
            .orElseThrow(() -> AccessDeniedException.notFound("no lesson " + ref));
    requireCourse(audience, lesson.courseId());
    return lesson;
  }

  /** The lessons of the given visible courses. */
  public List<LessonListing> lessons(List<CourseListing> courses) {
    return catalog.lessonsOf(
        courses.stream().map(CourseListing::courseId).collect(Collectors.toSet()));
  }

  private void requireCourse(Audience audience, long courseId) {
    if (audience.isAdmin()) {
      return;
    }
    if (!audience.isInstructor() || !visibleCourses(audience).contains(courseId)) {
      throw AccessDeniedException.forbidden("this course's analytics are not yours to see");
    }
  }

  /** An instructor's courses: the one an LTI launch opened, or those that list them. */
  private Set<Long> visibleCourses(Audience audience) {
    return audience
        .course()
        .map(Set::of)
        .orElseGet(() -> catalog.coursesVisibleTo(audience.name()));
  }

  /** Refs of the given lessons, for the analytics API. */
  public static List<ContentRef> refs(List<LessonListing> lessons) {
    return lessons.stream().map(LessonListing::ref).toList();
  }
}
