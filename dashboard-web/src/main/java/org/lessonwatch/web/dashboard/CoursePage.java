package org.lessonwatch.web.dashboard;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.lessonwatch.content.ContentKind;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.content.CourseListing;
import org.lessonwatch.content.LessonListing;
import org.lessonwatch.engagement.EngagementSummary;
import org.lessonwatch.engagement.LessonEngagement;
import org.lessonwatch.engagement.RetentionCurve;
import org.lessonwatch.web.access.AnalyticsAccess;
import org.lessonwatch.web.access.Audience;
import org.lessonwatch.web.dashboard.ChartView.Sparkline;
import org.lessonwatch.web.roster.CourseRoster;

/**
 * {@code GET /dashboard/courses/{id}}: one row per lesson of a course with its rates and a small
 * retention line, sortable by any column; the same rows as CSV ({@code …/lessons.csv}) and one row
 * per learner and lesson ({@code …/learners.csv}); and one learner's page ({@code
 * …/learners/{sub}}, {@link LearnerPage}).
 */
@WebServlet("/dashboard/courses/*")
public class CoursePage extends DashboardPage {

  private static final long serialVersionUID = 1L;

  @Inject transient LearnerPage learnerPage;

  /** A lesson's row, formatted; {@code sparkline} is {@code null} without sessions. */
  public record LessonRow(
      String title,
      String href,
      String kind,
      String sessions,
      String learners,
      String completionRate,
      String learnerCompletionRate,
      String returnSessions,
      String dropOffRate,
      String averageWatched,
      Sparkline sparkline) {}

  /** A column header that sorts the table by its column. */
  public record SortLink(
      String label, String href, String ariaSort, String arrow, boolean numeric) {}

  /** A lesson with its metrics ({@code summary} {@code null} without sessions in range). */
  record Line(LessonListing lesson, EngagementSummary summary) {}

  /** The sortable columns, by their query name. */
  enum Column {
    TITLE("title", "Lesson", false, line -> null),
    SESSIONS("sessions", "Sessions", true, line -> (double) line.summary().sessions()),
    LEARNERS("learners", "Learners", true, line -> (double) line.summary().learners()),
    COMPLETION("completion_rate", "Completion", true, line -> line.summary().completionRate()),
    LEARNER_COMPLETION(
        "learner_completion_rate",
        "Learner completion",
        true,
        line -> line.summary().learnerCompletionRate()),
    RETURNS("replay_rate", "Return sessions", true, line -> line.summary().replayRate()),
    DROP_OFF("drop_off_rate", "Drop-off", true, line -> line.summary().dropOffRate()),
    WATCHED(
        "average_percent_watched",
        "Average watched",
        true,
        line -> line.summary().averagePercentWatched());

    final String key;
    final String label;
    final boolean numeric;
    private final Function<Line, Double> value;

    Column(String key, String label, boolean numeric, Function<Line, Double> value) {
      this.key = key;
      this.label = label;
      this.numeric = numeric;
      this.value = value;
    }

    static Column named(String key) {
      for (Column column : values()) {
        if (column.key.equals(key)) {
          return column;
        }
      }
      return TITLE;
    }

    /** The value to sort by; {@code null} (no sessions, or a rate of nothing) sorts last. */
    Double of(Line line) {
      return line.summary() == null ? null : value.apply(line);
    }
  }

  static String href(String root, long courseId, DateFilter filter) {
    return root + "/dashboard/courses/" + courseId + "?" + filter.query();
  }

  @Override
  void show(HttpServletRequest request, HttpServletResponse response, Audience audience)
      throws IOException, DateFilter.InvalidFilterException, NoSuchPageException {
    String[] path =
        request.getPathInfo() == null ? new String[0] : request.getPathInfo().split("/");
    if (path.length < 2 || path.length > 4 || path.length == 4 && !path[2].equals("learners")) {
      throw new NoSuchPageException();
    }
    long courseId = positiveId(path[1]);
    if (path.length == 4) {
      CourseListing course = access.learnerCourse(audience, courseId, path[3]);
      boolean ownView = !audience.isAdmin() && !audience.isInstructor();
      learnerPage.show(
          request,
          response,
          course,
          access.lessons(List.of(course)),
          path[3],
          filter(request),
          ownView);
      return;
    }
    String export = path.length == 3 ? path[2] : null;
    if (export != null
        && !export.equals("lessons.csv")
        && !export.equals("learners.csv")
        && !export.equals("at-risk.csv")) {
      throw new NoSuchPageException();
    }
    CourseListing course = access.course(audience, courseId);
    DateFilter filter = filter(request);
    List<LessonListing> lessons = access.lessons(List.of(course));
    Column sort = Column.named(request.getParameter("sort"));
    boolean descending = "desc".equals(request.getParameter("dir"));

    if ("lessons.csv".equals(export)) {
      Csv.send(
          response,
          fileName(course, "lessons", filter),
          lessonsCsv(sorted(lines(lessons, filter), sort, descending)));
      return;
    }
    if ("learners.csv".equals(export)) {
      Csv csv =
          analytics.inOneSnapshot(
              () -> learnersCsv(sorted(lines(lessons, filter), sort, descending), filter));
      Csv.send(response, fileName(course, "learners", filter), csv);
      return;
    }
    OptionalInt days = AtRiskList.days(request.getParameter("inactive_days"));
    if (days.isEmpty()) {
      renderer.error(
          request,
          response,
          400,
          "Invalid inactivity",
          "inactive_days must be a whole number of days from 1 to " + AtRiskList.MAX_DAYS + ".",
          null);
      return;
    }
    Optional<CourseRoster> roster = rosters.ofCourse(courseId);
    if ("at-risk.csv".equals(export)) {
      AtRiskList atRisk =
          analytics.inOneSnapshot(
              () ->
                  AtRiskList.of(
                      analytics,
                      courseId,
                      AnalyticsAccess.refs(lessons),
                      roster,
                      days.getAsInt(),
                      request.getParameter("risk_sort"),
                      request.getContextPath(),
                      filter,
                      AtRiskList.CSV_LISTED));
      Csv.send(
          response,
          "course-" + courseId + "-at-risk-" + days.getAsInt() + "-days.csv",
          atRisk.csv());
      return;
    }
    Map<String, Object> model =
        analytics.inOneSnapshot(
            () ->
                model(request, course, lessons, filter, roster, days.getAsInt(), sort, descending));
    renderer.render(request, response, 200, "dashboard/course", model);
  }

  /** The page's model: every report of it, read in the caller's one snapshot. */
  private Map<String, Object> model(
      HttpServletRequest request,
      CourseListing course,
      List<LessonListing> lessons,
      DateFilter filter,
      Optional<CourseRoster> roster,
      int days,
      Column sort,
      boolean descending) {
    long courseId = course.courseId();
    List<Line> lines = sorted(lines(lessons, filter), sort, descending);
    // the at-risk list is listed when asked for (its form)
    AtRiskList atRisk =
        request.getParameter("inactive_days") == null
            ? null
            : AtRiskList.of(
                analytics,
                courseId,
                AnalyticsAccess.refs(lessons),
                roster,
                days,
                request.getParameter("risk_sort"),
                request.getContextPath(),
                filter,
                AtRiskList.PAGE_LISTED);
    String root = request.getContextPath();
    String base = root + "/dashboard/courses/" + courseId;
    EngagementSummary summary =
        lessons.isEmpty()
            ? Card.NOTHING
            : analytics.summary(AnalyticsAccess.refs(lessons), filter.range());
    Map<String, Object> model = model(course.title(), filter);
    model.put("course", course);
    model.put("cards", Card.of(summary));
    model.put(
        "roster",
        rosterView(
            roster,
            learners -> analytics.courseEnrolment(courseId, learners),
            "this course's lessons"));
    model.put("empty", summary.sessions() == 0);
    model.put("noLessons", lessons.isEmpty());
    model.put("columns", sortLinks(base, filter, sort, descending));
    Map<ContentRef, RetentionCurve> curves =
        lessons.isEmpty()
            ? Map.of()
            : analytics.retentionByLesson(AnalyticsAccess.refs(lessons), filter.range());
    model.put(
        "rows",
        lines.stream()
            .map(line -> row(root, line, curves.get(line.lesson().ref()), filter))
            .toList());
    model.put("atRisk", atRisk);
    model.put("atRiskDays", days);
    String find = request.getParameter("find");
    if (find != null && !find.isBlank()) {
      model.put("find", find);
      model.put("found", found(find.strip(), courseId, roster, root, filter));
    }
    model.put("atRiskBase", base + "?" + filter.query() + "&inactive_days=" + days + "&risk_sort=");
    model.put("atRiskCsv", base + "/at-risk.csv?" + filter.query() + "&inactive_days=" + days);
    model.put("lessonsCsv", base + "/lessons.csv?" + filter.query());
    model.put("learnersCsv", base + "/learners.csv?" + filter.query());
    return model;
  }

  private List<Line> lines(List<LessonListing> lessons, DateFilter filter) {
    if (lessons.isEmpty()) {
      return List.of();
    }
    Map<ContentRef, EngagementSummary> byRef =
        analytics.byLesson(AnalyticsAccess.refs(lessons), filter.range()).stream()
            .collect(Collectors.toMap(LessonEngagement::lesson, LessonEngagement::summary));
    return lessons.stream().map(lesson -> new Line(lesson, byRef.get(lesson.ref()))).toList();
  }

  /** A learner found by name or sub: their page. */
  public record Found(String label, String href) {}

  /** The most learners a search lists. */
  static final int MAX_FOUND = 50;

  /**
   * Learners whose roster name or sub contains {@code text} (case-insensitive), and the learner
   * whose sub it is exactly, if they ever watched the course.
   */
  private List<Found> found(
      String text, long courseId, Optional<CourseRoster> roster, String root, DateFilter filter) {
    if (text.length() > 255) {
      return List.of();
    }
    String needle = text.toLowerCase(Locale.ROOT);
    Map<String, String> hits = new LinkedHashMap<>();
    if (!analytics.startedCourse(courseId, List.of(text)).isEmpty()) {
      hits.put(text, roster.map(CourseRoster::names).map(n -> n.get(text)).orElse(null));
    }
    roster.ifPresent(
        r ->
            r.members().stream()
                .filter(
                    m ->
                        m.sub().toLowerCase(Locale.ROOT).contains(needle)
                            || m.name() != null
                                && m.name().toLowerCase(Locale.ROOT).contains(needle))
                .limit(MAX_FOUND)
                .forEach(m -> hits.putIfAbsent(m.sub(), m.name())));
    List<Found> found = new ArrayList<>();
    hits.forEach(
        (sub, name) ->
            found.add(
                new Found(
                    name == null ? sub : name + " (" + sub + ")",
                    LearnerPage.href(root, courseId, sub, filter))));
    return found;
  }

  /** Sorted by the column, rows without a value last in either direction, then by title. */
  static List<Line> sorted(List<Line> lines, Column column, boolean descending) {
    Comparator<Line> byTitle =
        Comparator.comparing((Line line) -> line.lesson().title(), String.CASE_INSENSITIVE_ORDER);
    Comparator<Line> order;
    if (column == Column.TITLE) {
      order = descending ? byTitle.reversed() : byTitle;
    } else {
      Comparator<Double> values =
          descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
      order = Comparator.comparing(column::of, Comparator.nullsLast(values)).thenComparing(byTitle);
    }
    List<Line> copy = new ArrayList<>(lines);
    copy.sort(order);
    return copy;
  }

  private static LessonRow row(String root, Line line, RetentionCurve curve, DateFilter filter) {
    LessonListing lesson = line.lesson();
    EngagementSummary s = line.summary();
    Sparkline sparkline =
        s == null || s.sessionsWithDuration() == 0 || curve == null
            ? null
            : Charts.sparkline(curve);
    String none = Format.NONE;
    return new LessonRow(
        lesson.title(),
        LessonPage.href(root, lesson.ref(), filter),
        lesson.ref().kind() == ContentKind.LMS_LESSON ? "LMS lesson" : "Exam prep",
        s == null ? none : Format.count(s.sessions()),
        s == null ? none : Format.count(s.learners()),
        s == null ? none : Format.percent(s.completionRate()),
        s == null ? none : Format.percent(s.learnerCompletionRate()),
        s == null ? none : Format.percent(s.replayRate()),
        s == null ? none : Format.percent(s.dropOffRate()),
        s == null ? none : Format.percent(s.averagePercentWatched()),
        sparkline);
  }

  private static List<SortLink> sortLinks(
      String base, DateFilter filter, Column sort, boolean descending) {
    List<SortLink> links = new ArrayList<>();
    for (Column column : Column.values()) {
      boolean current = column == sort;
      // A first click sorts numbers highest first and titles A to Z; a second click reverses.
      boolean nextDescending = current ? !descending : column.numeric;
      links.add(
          new SortLink(
              column.label,
              base
                  + "?"
                  + filter.query()
                  + "&sort="
                  + column.key
                  + "&dir="
                  + (nextDescending ? "desc" : "asc"),
              current ? (descending ? "descending" : "ascending") : null,
              current ? (descending ? " ▼" : " ▲") : "",
              column.numeric));
    }
    return links;
  }

  static Csv lessonsCsv(List<Line> lines) {
    Csv csv =
        new Csv()
            .row(
                List.of(
                    "content_kind",
                    "content_id",
                    "lesson",
                    "sessions",
                    "learners",
                    "completed_sessions",
                    "completion_rate",
                    "learner_completion_rate",
                    "replay_rate",
                    "drop_off_rate",
                    "average_percent_watched"));
    for (Line line : lines) {
      EngagementSummary s = line.summary() == null ? Card.NOTHING : line.summary();
      csv.row(
          List.of(
              line.lesson().ref().kind().wireName(),
              String.valueOf(line.lesson().ref().id()),
              line.lesson().title(),
              String.valueOf(s.sessions()),
              String.valueOf(s.learners()),
              String.valueOf(s.completedSessions()),
              Format.fraction(s.completionRate()),
              Format.fraction(s.learnerCompletionRate()),
              Format.fraction(s.replayRate()),
              Format.fraction(s.dropOffRate()),
              Format.fraction(s.averagePercentWatched())));
    }
    return csv;
  }

  private Csv learnersCsv(List<Line> lines, DateFilter filter) {
    LearnerCsv csv = new LearnerCsv();
    for (Line line : lines) {
      if (line.summary() != null) {
        csv.add(line.lesson(), analytics.learners(line.lesson().ref(), filter.range()));
      }
    }
    return csv.csv();
  }

  private static String fileName(CourseListing course, String what, DateFilter filter) {
    return "course-"
        + course.courseId()
        + "-"
        + what
        + "-"
        + filter.range().from()
        + "-to-"
        + filter.lastDay()
        + ".csv";
  }
}
