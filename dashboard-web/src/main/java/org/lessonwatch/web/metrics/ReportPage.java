package org.lessonwatch.web.metrics;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kind of report a request path asks for, as the {@code page} tag of {@code
 * lessonwatch_report_ms}: a fixed, small set of names, never the path itself (ids and learners in a
 * tag would grow the metrics without bound).
 */
final class ReportPage {

  private static final Pattern COURSE =
      Pattern.compile("/dashboard/courses/[^/]+(?:/(learners/.+|[a-z-]+\\.csv))?");
  private static final Pattern LESSON =
      Pattern.compile("/dashboard/lessons/[^/]+/[^/]+(/learners\\.csv)?");
  private static final String API = "/api/v1/videos/engagement/analytics/";
  private static final Set<String> API_REPORTS =
      Set.of("summary", "retention", "daily", "coverage");
  private static final Set<String> COURSE_CSVS =
      Set.of("lessons.csv", "learners.csv", "at-risk.csv");

  private ReportPage() {}

  /** The page's name, or {@code null} when the path is no report. */
  static String of(String path) {
    if (path.equals("/dashboard") || path.equals("/dashboard/")) {
      return "overview";
    }
    Matcher course = COURSE.matcher(path);
    if (course.matches()) {
      String rest = course.group(1);
      if (rest == null) {
        return "course";
      }
      if (rest.startsWith("learners/")) {
        return "learner";
      }
      return COURSE_CSVS.contains(rest)
          ? "course_" + rest.replace(".csv", "_csv").replace('-', '_')
          : null;
    }
    Matcher lesson = LESSON.matcher(path);
    if (lesson.matches()) {
      return lesson.group(1) == null ? "lesson" : "lesson_learners_csv";
    }
    if (path.startsWith(API)) {
      String report = path.substring(API.length());
      return API_REPORTS.contains(report) ? "api_" + report : null;
    }
    return null;
  }
}
