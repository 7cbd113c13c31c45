package org.lessonwatch.web.dashboard;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.lessonwatch.content.ContentKind;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.content.CourseListing;
import org.lessonwatch.content.LessonListing;
import org.lessonwatch.engagement.CoverageReport;
import org.lessonwatch.engagement.EngagementSummary;
import org.lessonwatch.engagement.LearnerActivity;
import org.lessonwatch.engagement.RetentionCurve;
import org.lessonwatch.web.access.Audience;
import org.lessonwatch.web.roster.CourseRoster;

/**
 * {@code GET /dashboard/lessons/{content_kind}/{content_id}}: how one lesson's video is watched:
 * retention curve, where sessions are left, sessions per day and the learners who watched it latest
 * (by name where the LMS roster gives one); {@code …/learners.csv} lists all of them.
 */
@WebServlet("/dashboard/lessons/*")
public class LessonPage extends DashboardPage {

  private static final long serialVersionUID = 1L;

  /** The learners table lists the learners who started a session last, up to this many. */
  static final int LEARNERS_SHOWN = 100;

  private static final String LEARNERS_CSV = "learners.csv";

  /** A place where learners struggle, with a link that opens the video there when it has one. */
  public record StruggleRow(String kind, String at, String href, String why) {}

  /** A session that reached the end by seeking rather than watching. */
  public record SkippedRow(
      String learner, String name, String href, String session, String furthest, String watched) {}

  /** A learner's row in the learners table. */
  public record LearnerRow(
      String learner,
      String name,
      String href,
      String sessions,
      String furthest,
      String completed,
      String lastSeen) {}

  static String href(String root, ContentRef ref, DateFilter filter) {
    return path(root, ref) + "?" + filter.query();
  }

  private static String path(String root, ContentRef ref) {
    return root + "/dashboard/lessons/" + ref.kind().wireName() + "/" + ref.id();
  }

  @Override
  void show(HttpServletRequest request, HttpServletResponse response, Audience audience)
      throws IOException, DateFilter.InvalidFilterException, NoSuchPageException {
    String[] path =
        request.getPathInfo() == null ? new String[0] : request.getPathInfo().split("/");
    if (path.length < 3 || path.length > 4 || path.length == 4 && !path[3].equals(LEARNERS_CSV)) {
      throw new NoSuchPageException();
    }
    ContentKind kind = ContentKind.fromWireName(path[1]).orElseThrow(NoSuchPageException::new);
    ContentRef ref = new ContentRef(kind, positiveId(path[2]));
    LessonListing lesson = access.lesson(audience, ref);
    CourseListing course = access.course(audience, lesson.courseId());
    DateFilter filter = filter(request);
    if (path.length == 4) {
      LearnerCsv csv = new LearnerCsv().add(lesson, analytics.learners(ref, filter.range()));
      Csv.send(
          response,
          "lesson-"
              + kind.wireName()
              + "-"
              + ref.id()
              + "-learners-"
              + filter.range().from()
              + "-to-"
              + filter.lastDay()
              + ".csv",
          csv.csv());
      return;
    }

    Optional<CourseRoster> roster = rosters.ofCourse(course.courseId());
    Map<String, Object> model =
        analytics.inOneSnapshot(() -> model(request, lesson, course, filter, roster));
    renderer.render(request, response, 200, "dashboard/lesson", model);
  }

  /** The page's model: every report of it, read in the caller's one snapshot. */
  private Map<String, Object> model(
      HttpServletRequest request,
      LessonListing lesson,
      CourseListing course,
      DateFilter filter,
      Optional<CourseRoster> roster) {
    ContentRef ref = lesson.ref();
    ContentKind kind = ref.kind();
    List<ContentRef> scope = List.of(ref);
    EngagementSummary summary = analytics.summary(scope, filter.range());
    RetentionCurve curve = analytics.retention(scope, filter.range());
    List<LearnerActivity> learners = analytics.latestLearners(ref, filter.range(), LEARNERS_SHOWN);
    Integer duration = duration(lesson, learners);
    ZoneId zone = analytics.zone();

    String root = request.getContextPath();
    Map<String, Object> model = model(lesson.title(), filter);
    model.put("lesson", lesson);
    model.put("course", course);
    model.put("courseHref", CoursePage.href(root, course.courseId(), filter));
    model.put("kind", kind == ContentKind.LMS_LESSON ? "LMS lesson" : "Exam prep lesson");
    model.put("duration", duration == null ? "unknown" : Format.clock(duration));
    model.put("hasVideo", lesson.hasVideo());
    model.put("cards", Card.of(summary));
    model.put(
        "roster",
        rosterView(roster, enrolled -> analytics.lessonEnrolment(ref, enrolled), "this lesson"));
    Map<String, String> names = roster.map(CourseRoster::names).orElse(Map.of());
    model.put("empty", summary.sessions() == 0);
    CoverageReport coverage = analytics.coverage(ref, filter.range());
    model.put("retention", Charts.retention(curve, coverage.coverageRetention(), duration));
    model.put("hasCoverage", coverage.sessionsWithCoverage() > 0);
    model.put("rewatch", Charts.rewatch(coverage.rewatch(), duration));
    model.put("struggles", struggles(coverage, lesson));
    model.put(
        "skipped",
        ShortList.of(
            coverage.skippedAhead().stream()
                .map(
                    s ->
                        new SkippedRow(
                            s.learner(),
                            names.get(s.learner()),
                            LearnerPage.href(root, course.courseId(), s.learner(), filter),
                            "#" + s.sessionNumber(),
                            Format.clock(s.maxPositionSec()),
                            Format.clock(s.watchedSec())
                                + (s.durationSec() == null
                                    ? ""
                                    : " ("
                                        + Format.percent((double) s.watchedSec() / s.durationSec())
                                        + ")")))
                .toList()));
    model.put("dropOffs", Charts.dropOffs(curve, duration));
    model.put("daily", Charts.daily(analytics.daily(scope, filter.range())));
    model.put("zone", zone.getId());
    model.put("learnersShown", learners.size() < summary.learners() ? learners.size() : null);
    model.put("learnersTotal", Format.count(summary.learners()));
    model.put("learnersCsv", path(root, ref) + "/" + LEARNERS_CSV + "?" + filter.query());
    model.put(
        "learners",
        ShortList.of(
            learners.stream()
                .map(
                    learner ->
                        new LearnerRow(
                            learner.learner(),
                            names.get(learner.learner()),
                            LearnerPage.href(root, course.courseId(), learner.learner(), filter),
                            Format.count(learner.sessions()),
                            Format.clock(learner.furthestPositionSec())
                                + (learner.durationSec() == null
                                    ? ""
                                    : " of " + Format.clock(learner.durationSec())),
                            learner.completed() ? "Yes" : "No",
                            Format.dateTime(learner.lastSeen(), zone)))
                .toList()));
    return model;
  }

  private static List<StruggleRow> struggles(CoverageReport coverage, LessonListing lesson) {
    String video = lesson.videoUrl();
    return coverage.strugglePoints().stream()
        .map(
            point ->
                new StruggleRow(
                    point.kind() == CoverageReport.StrugglePoint.Kind.REWATCH
                        ? "Replayed"
                        : "Left here",
                    Format.clock(point.fromSec()) + " – " + Format.clock(point.toSec()),
                    video == null ? null : video + "#t=" + point.fromSec(),
                    point.why()))
        .toList();
  }

  /** The catalogue's duration, else the longest one players reported, else unknown. */
  static Integer duration(LessonListing lesson, List<LearnerActivity> learners) {
    if (lesson.durationSec() != null && lesson.durationSec() > 0) {
      return lesson.durationSec();
    }
    return learners.stream()
        .map(LearnerActivity::durationSec)
        .filter(Objects::nonNull)
        .filter(d -> d > 0)
        .max(Integer::compare)
        .orElse(null);
  }
}
