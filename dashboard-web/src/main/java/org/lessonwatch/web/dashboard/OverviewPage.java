package org.lessonwatch.web.dashboard;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.content.CourseListing;
import org.lessonwatch.content.LessonListing;
import org.lessonwatch.engagement.DailyActivity;
import org.lessonwatch.engagement.EngagementSummary;
import org.lessonwatch.engagement.LessonDropOff;
import org.lessonwatch.web.access.AnalyticsAccess;
import org.lessonwatch.web.access.Audience;

/**
 * {@code GET /dashboard}: everything the signed-in user may see at a glance: headline numbers,
 * sessions per day, the lessons where learners drop off most, and the courses to look into.
 */
@WebServlet({"/dashboard", "/dashboard/"})
public class OverviewPage extends DashboardPage {

  private static final long serialVersionUID = 1L;
  static final int TOP_DROP_OFFS = 5;

  /** A course to open. */
  public record CourseLink(String title, String href, String lessons) {}

  /** A lesson where many sessions are left before completion. */
  public record DropOffRow(
      String title, String course, String href, String dropOffRate, String closedSessions) {}

  @Override
  void show(HttpServletRequest request, HttpServletResponse response, Audience audience)
      throws IOException, DateFilter.InvalidFilterException {
    DateFilter filter = filter(request);
    List<CourseListing> courses = access.courses(audience);
    List<LessonListing> lessons = access.lessons(courses);
    Map<String, Object> model =
        analytics.inOneSnapshot(() -> model(request, filter, courses, lessons));
    renderer.render(request, response, 200, "dashboard/overview", model);
  }

  /** The page's model: every report of it, read in the caller's one snapshot. */
  private Map<String, Object> model(
      HttpServletRequest request,
      DateFilter filter,
      List<CourseListing> courses,
      List<LessonListing> lessons) {
    List<ContentRef> refs = AnalyticsAccess.refs(lessons);
    EngagementSummary summary =
        refs.isEmpty() ? Card.NOTHING : analytics.summary(refs, filter.range());
    List<DailyActivity> days =
        refs.isEmpty() ? noActivity(filter) : analytics.daily(refs, filter.range());
    List<LessonDropOff> byLesson =
        refs.isEmpty() ? List.of() : analytics.dropOffs(refs, filter.range());

    String root = request.getContextPath();
    Map<Long, CourseListing> courseById =
        courses.stream().collect(Collectors.toMap(CourseListing::courseId, Function.identity()));
    Map<ContentRef, LessonListing> lessonByRef =
        lessons.stream().collect(Collectors.toMap(LessonListing::ref, Function.identity()));
    Map<Long, Long> lessonCounts =
        lessons.stream()
            .collect(Collectors.groupingBy(LessonListing::courseId, Collectors.counting()));

    Map<String, Object> model = model("Overview", filter);
    model.put("cards", Card.of(summary));
    model.put("empty", summary.sessions() == 0);
    model.put("daily", Charts.daily(days));
    model.put(
        "dropOffs",
        topDropOffs(byLesson).stream()
            .filter(row -> lessonByRef.containsKey(row.lesson()))
            .map(
                row -> {
                  LessonListing lesson = lessonByRef.get(row.lesson());
                  CourseListing course = courseById.get(lesson.courseId());
                  return new DropOffRow(
                      lesson.title(),
                      course == null ? "" : course.title(),
                      LessonPage.href(root, lesson.ref(), filter),
                      Format.percent(row.dropOffRate()),
                      Format.count(row.droppedSessions())
                          + " of "
                          + Format.count(row.closedSessions()));
                })
            .toList());
    model.put(
        "courses",
        courses.stream()
            .map(
                course -> {
                  long count = lessonCounts.getOrDefault(course.courseId(), 0L);
                  return new CourseLink(
                      course.title(),
                      CoursePage.href(root, course.courseId(), filter),
                      count + (count == 1 ? " lesson" : " lessons"));
                })
            .toList());
    return model;
  }

  /** Lessons by drop-off rate, highest first, among those with at least one closed session. */
  static List<LessonDropOff> topDropOffs(List<LessonDropOff> byLesson) {
    return byLesson.stream()
        .filter(row -> row.closedSessions() >= 1)
        .sorted(
            Comparator.comparing(LessonDropOff::dropOffRate)
                .thenComparingLong(LessonDropOff::closedSessions)
                .reversed())
        .limit(TOP_DROP_OFFS)
        .toList();
  }

  static List<DailyActivity> noActivity(DateFilter filter) {
    List<DailyActivity> days = new ArrayList<>();
    for (var day = filter.range().from();
        day.isBefore(filter.range().to());
        day = day.plusDays(1)) {
      days.add(new DailyActivity(day, 0, 0, 0));
    }
    return days;
  }
}
