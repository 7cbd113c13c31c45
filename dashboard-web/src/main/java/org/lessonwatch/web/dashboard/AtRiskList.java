package org.lessonwatch.web.dashboard;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.engagement.EngagementAnalytics;
import org.lessonwatch.engagement.InactiveLearner;
import org.lessonwatch.web.roster.CourseRoster;

/**
 * The course page's learners at risk: those who started the course and have watched none of it for
 * {@code days} days or more, each with their progress (lessons completed by coverage, of the
 * course's), and, with an LMS roster, the enrolled learners who never started. The page lists the
 * {@link #PAGE_LISTED} longest away, sorted by last activity (default) or by progress; the CSV
 * ({@code …/at-risk.csv}) up to {@link #CSV_LISTED}.
 */
public record AtRiskList(
    int days,
    String sort,
    List<Row> inactive,
    ShortList<Row> shown,
    List<Row> neverStarted,
    boolean hasRoster,
    boolean truncated) {

  /** A learner at risk; {@code lastActive} and {@code progress} are empty for never started. */
  public record Row(
      String learner,
      String name,
      String href,
      String lastActive,
      int lessonsCovered,
      String progress) {}

  static final int DEFAULT_DAYS = 7;
  static final int MAX_DAYS = 365;

  /** The most inactive learners the page lists (the longest away), and the CSV. */
  static final int PAGE_LISTED = 50;

  static final int CSV_LISTED = 2_000;

  /** {@code inactive_days} as given: 1 to 365, or the default when absent; empty when invalid. */
  static OptionalInt days(String text) {
    if (text == null || text.isBlank()) {
      return OptionalInt.of(DEFAULT_DAYS);
    }
    if (!text.matches("[0-9]{1,3}")) {
      return OptionalInt.empty();
    }
    int days = Integer.parseInt(text);
    return days >= 1 && days <= MAX_DAYS ? OptionalInt.of(days) : OptionalInt.empty();
  }

  static AtRiskList of(
      EngagementAnalytics analytics,
      long courseId,
      List<ContentRef> lessons,
      Optional<CourseRoster> roster,
      int days,
      String sort,
      String root,
      DateFilter filter,
      int limit) {
    LocalDate since = LocalDate.now(analytics.zone()).minusDays(days - 1L);
    Map<String, String> names = roster.map(CourseRoster::names).orElse(Map.of());
    RowMaker row =
        (learner, lastActive, covered) ->
            new Row(
                learner,
                names.get(learner),
                LearnerPage.href(root, courseId, learner, filter),
                lastActive,
                covered,
                covered + " of " + lessons.size());
    List<InactiveLearner> found = analytics.inactiveLearners(courseId, lessons, since, limit);
    List<Row> inactive = new ArrayList<>();
    for (InactiveLearner learner : found) {
      inactive.add(
          row.of(learner.learner(), learner.lastActiveDay().toString(), learner.lessonsCovered()));
    }
    boolean byProgress = "progress".equals(sort);
    if (byProgress) {
      inactive.sort(Comparator.comparingInt(Row::lessonsCovered).thenComparing(Row::lastActive));
    }
    List<Row> never = new ArrayList<>();
    Optional<CourseRoster> fetched = roster.filter(CourseRoster::fetched);
    if (fetched.isPresent()) {
      List<String> enrolled = fetched.get().enrolled();
      Set<String> started = analytics.startedCourse(courseId, enrolled);
      for (String learner : enrolled) {
        if (!started.contains(learner)) {
          never.add(row.of(learner, "", 0));
        }
      }
    }
    return new AtRiskList(
        days,
        byProgress ? "progress" : "last_active",
        List.copyOf(inactive),
        ShortList.of(inactive),
        List.copyOf(never),
        fetched.isPresent(),
        found.size() >= limit);
  }

  /** A row of a learner of this course, with the page's names and links. */
  private interface RowMaker {
    Row of(String learner, String lastActive, int lessonsCovered);
  }

  /** Both lists as CSV: one row per learner, with why they are at risk. */
  Csv csv() {
    Csv csv =
        new Csv()
            .row(
                List.of(
                    "learner_sub",
                    "name",
                    "at_risk",
                    "last_active_day",
                    "lessons_completed_by_coverage"));
    for (Row row : inactive) {
      csv.row(
          List.of(
              row.learner(),
              row.name() == null ? "" : row.name(),
              "inactive " + days + "+ days",
              row.lastActive(),
              String.valueOf(row.lessonsCovered())));
    }
    for (Row row : neverStarted) {
      csv.row(
          List.of(row.learner(), row.name() == null ? "" : row.name(), "never started", "", "0"));
    }
    return csv;
  }
}
