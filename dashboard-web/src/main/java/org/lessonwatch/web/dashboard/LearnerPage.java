package org.lessonwatch.web.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.content.CourseListing;
import org.lessonwatch.content.LessonListing;
import org.lessonwatch.engagement.EngagementAnalytics;
import org.lessonwatch.engagement.LearnerSession;
import org.lessonwatch.web.access.AnalyticsAccess;
import org.lessonwatch.web.roster.CourseRoster;
import org.lessonwatch.web.roster.Rosters;

/**
 * {@code GET /dashboard/courses/{course_id}/learners/{sub}} (served by {@link CoursePage}): one
 * learner across a course. Per lesson their sittings in the date range (start, length, furthest
 * position, watched coverage, both completions, skipped ahead) and a strip of the video showing
 * which seconds they watched in no, one, or two or more sittings; when they were last seen. A
 * learner launched from the LMS sees exactly this page about themselves ({@code ownView}), without
 * links to the course's other pages, and with what is kept about them.
 */
@ApplicationScoped
public class LearnerPage {

  /** A lesson of the course as this learner watched it; {@code strip} is null without sittings. */
  public record LessonBlock(
      String title, String href, HeatStrip strip, List<SessionRow> sessions, String status) {}

  /** One sitting, formatted. */
  public record SessionRow(
      String number,
      String started,
      String length,
      String furthest,
      String watched,
      String completed,
      String coverageCompleted,
      boolean skippedAhead) {}

  @Inject EngagementAnalytics analytics;

  @Inject Rosters rosters;

  @Inject PageRenderer renderer;

  /** The page's path for a learner of a course, with the filter's dates. */
  static String href(String root, long courseId, String learner, DateFilter filter) {
    return root
        + "/dashboard/courses/"
        + courseId
        + "/learners/"
        + URLEncoder.encode(learner, StandardCharsets.UTF_8).replace("+", "%20")
        + "?"
        + filter.query();
  }

  void show(
      HttpServletRequest request,
      HttpServletResponse response,
      CourseListing course,
      List<LessonListing> lessons,
      String learner,
      DateFilter filter,
      boolean ownView)
      throws IOException {
    Optional<String> name =
        rosters.ofCourse(course.courseId()).map(CourseRoster::names).map(n -> n.get(learner));
    Map<String, Object> model =
        analytics.inOneSnapshot(
            () -> model(request, course, lessons, learner, filter, ownView, name));
    renderer.render(request, response, 200, "dashboard/learner", model);
  }

  /** The page's model: every report of it, read in the caller's one snapshot. */
  private Map<String, Object> model(
      HttpServletRequest request,
      CourseListing course,
      List<LessonListing> lessons,
      String learner,
      DateFilter filter,
      boolean ownView,
      Optional<String> name) {
    boolean linkLessons = !ownView;
    String root = request.getContextPath();
    ZoneId zone = analytics.zone();
    List<ContentRef> refs = AnalyticsAccess.refs(lessons);
    List<LearnerSession> sessions = analytics.learnerSessions(learner, refs, filter.range());
    Map<ContentRef, List<LearnerSession>> byLesson =
        sessions.stream()
            .collect(
                Collectors.groupingBy(
                    LearnerSession::lesson, LinkedHashMap::new, Collectors.toList()));
    List<LessonBlock> blocks = new ArrayList<>();
    int started = 0;
    int completed = 0;
    int covered = 0;
    for (LessonListing lesson : lessons) {
      List<LearnerSession> theirs = byLesson.getOrDefault(lesson.ref(), List.of());
      String href = linkLessons ? LessonPage.href(root, lesson.ref(), filter) : null;
      if (theirs.isEmpty()) {
        blocks.add(new LessonBlock(lesson.title(), href, null, List.of(), "No sitting in range"));
        continue;
      }
      started++;
      boolean done = theirs.stream().anyMatch(LearnerSession::completed);
      boolean doneByCoverage = theirs.stream().anyMatch(LearnerSession::coverageCompleted);
      completed += done ? 1 : 0;
      covered += doneByCoverage ? 1 : 0;
      Integer duration = duration(lesson, theirs);
      HeatStrip strip =
          duration == null
              ? null
              : HeatStrip.of(duration, theirs.stream().map(LearnerSession::watched).toList());
      blocks.add(
          new LessonBlock(
              lesson.title(),
              href,
              strip,
              theirs.stream().map(s -> row(s, zone)).toList(),
              (done ? "Completed" : "Not completed")
                  + " by position; "
                  + (doneByCoverage ? "completed" : "not completed")
                  + " by coverage"));
    }
    Map<String, Object> model = DashboardPage.model(name.orElse(learner), filter, analytics);
    model.put("course", course);
    model.put("courseHref", CoursePage.href(root, course.courseId(), filter));
    model.put("learner", learner);
    model.put("name", name.orElse(null));
    model.put(
        "lastSeen",
        analytics.lastSeen(learner, refs).map(at -> Format.dateTime(at, zone)).orElse("never"));
    model.put("zone", zone.getId());
    model.put("action", href(root, course.courseId(), learner, filter).replaceAll("\\?.*$", ""));
    model.put("lessons", blocks);
    model.put("ownView", ownView);
    model.put(
        "keptFor",
        "It is kept for as long as the course's analytics, until an administrator erases it.");
    model.put(
        "truncated", sessions.size() >= EngagementAnalytics.LEARNER_SESSIONS_SHOWN ? true : null);
    model.put(
        "cards",
        List.of(
            new Card(
                "Lessons started",
                Format.count(started) + " of " + Format.count(lessons.size()),
                "with a sitting in the range"),
            new Card("Sittings", Format.count(sessions.size()), "started in the range"),
            new Card(
                "Completed by position",
                Format.count(completed),
                "lessons with a sitting that reached the end"),
            new Card(
                "Completed by coverage",
                Format.count(covered),
                "lessons with a sitting that watched nearly all of the video")));
    return model;
  }

  private static SessionRow row(LearnerSession s, ZoneId zone) {
    Duration length = Duration.between(s.started(), s.lastHeartbeat());
    return new SessionRow(
        "#" + s.number(),
        Format.dateTime(s.started(), zone),
        Format.clock(Math.max(0, length.toSeconds())),
        Format.clock(s.maxPositionSec())
            + (s.durationSec() == null ? "" : " of " + Format.clock(s.durationSec())),
        s.watchedSec() == null
            ? Format.NONE
            : Format.clock(s.watchedSec())
                + (s.durationSec() == null
                    ? ""
                    : " (" + Format.percent((double) s.watchedSec() / s.durationSec()) + ")"),
        s.completed() ? "Yes" : "No",
        s.coverageCompleted() ? "Yes" : "No",
        s.skippedAhead());
  }

  /** The catalogue's duration, else the longest one reported, else where watching ended. */
  private static Integer duration(LessonListing lesson, List<LearnerSession> sessions) {
    if (lesson.durationSec() != null && lesson.durationSec() > 0) {
      return lesson.durationSec();
    }
    int longest = 0;
    for (LearnerSession s : sessions) {
      longest = Math.max(longest, s.durationSec() == null ? 0 : s.durationSec());
      for (int[] range : s.watched()) {
        longest = Math.max(longest, range[1]);
      }
    }
    return longest > 0 ? longest : null;
  }
}
