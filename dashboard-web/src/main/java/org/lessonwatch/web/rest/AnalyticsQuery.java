package org.lessonwatch.web.rest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.lessonwatch.content.ContentKind;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.content.CourseListing;
import org.lessonwatch.content.LessonListing;
import org.lessonwatch.engagement.DateRange;
import org.lessonwatch.web.access.AnalyticsAccess;
import org.lessonwatch.web.access.Audience;
import org.lessonwatch.web.input.RequestValues;
import org.lessonwatch.web.problems.FieldError;
import org.lessonwatch.web.problems.Problem;
import org.lessonwatch.web.problems.ProblemException;

/**
 * The scope and date range of an analytics request, from its query parameters: one lesson ({@code
 * content_kind} and {@code content_id}), one course ({@code course_id}) or, with neither,
 * everything the caller may see; {@code from} and {@code to} as {@code YYYY-MM-DD} dates within
 * {@link DateRange#FIRST_DAY} … {@link DateRange#LAST_DAY}, {@code to} exclusive, by default the
 * last 30 days. {@code course} is the course whose LMS roster applies: the lesson's, or the one
 * course asked for.
 */
public record AnalyticsQuery(
    Scope scope, List<ContentRef> lessons, DateRange range, Optional<Long> course) {

  static final int DEFAULT_DAYS = 30;

  /** What the numbers are about, as the answer repeats it. */
  public record Scope(String contentKind, Long contentId, Long courseId) {}

  static AnalyticsQuery resolve(
      AnalyticsAccess access,
      Audience audience,
      LocalDate today,
      String kind,
      String id,
      String courseId,
      String from,
      String to) {
    List<FieldError> errors = new ArrayList<>();
    boolean lesson = kind != null || id != null;
    if (lesson && courseId != null) {
      errors.add(new FieldError("course_id", "give either a lesson or a course, not both"));
    }
    ContentKind contentKind = null;
    long contentId = 0;
    if (lesson) {
      contentKind = ContentKind.fromWireName(kind == null ? "" : kind).orElse(null);
      if (contentKind == null) {
        errors.add(new FieldError("content_kind", "must be lms_lesson or exam_prep_lesson"));
      }
      contentId = positive(id, "content_id", errors);
    }
    long course = courseId == null ? 0 : positive(courseId, "course_id", errors);
    DateRange range = range(today, from, to, errors);
    if (!errors.isEmpty()) {
      throw new ProblemException(Problem.invalidRequest(errors));
    }

    if (lesson) {
      ContentRef ref = new ContentRef(contentKind, contentId);
      long lessonCourse = access.lesson(audience, ref).courseId();
      return new AnalyticsQuery(
          new Scope(kind, contentId, null), List.of(ref), range, Optional.of(lessonCourse));
    }
    List<CourseListing> courses =
        courseId != null ? List.of(access.course(audience, course)) : access.courses(audience);
    List<LessonListing> lessons = access.lessons(courses);
    return new AnalyticsQuery(
        new Scope(null, null, courseId != null ? course : null),
        AnalyticsAccess.refs(lessons),
        range,
        courseId != null ? Optional.of(course) : Optional.empty());
  }

  private static long positive(String value, String field, List<FieldError> errors) {
    OptionalLong id = RequestValues.positiveId(value);
    if (id.isEmpty()) {
      errors.add(new FieldError(field, "must be a positive 64-bit integer"));
    }
    return id.orElse(0);
  }

  private static DateRange range(LocalDate today, String from, String to, List<FieldError> errors) {
    LocalDate end = date(to, "to", errors);
    LocalDate start = date(from, "from", errors);
    // Defaults computed from a day near the edge of the supported days stay inside them.
    if (end == null && to == null) {
      end =
          start != null && !start.isBefore(today.plusDays(1))
              ? DateRange.clamp(start.plusDays(DEFAULT_DAYS))
              : today.plusDays(1);
    }
    if (start == null && from == null && end != null) {
      start = DateRange.clamp(end.minusDays(DEFAULT_DAYS));
    }
    if (start == null || end == null) {
      return null;
    }
    try {
      return new DateRange(start, end);
    } catch (IllegalArgumentException e) {
      errors.add(
          new FieldError(
              "to",
              "must be after from, and the range at most " + DateRange.MAX_DAYS + " days long"));
      return null;
    }
  }

  private static LocalDate date(String value, String field, List<FieldError> errors) {
    if (value == null) {
      return null;
    }
    Optional<LocalDate> day = DateRange.parseDay(value);
    if (day.isEmpty()) {
      errors.add(
          new FieldError(
              field,
              "must be a date YYYY-MM-DD from "
                  + DateRange.FIRST_DAY
                  + " to "
                  + DateRange.LAST_DAY
                  + ", such as 2026-09-01"));
    }
    return day.orElse(null);
  }
}
