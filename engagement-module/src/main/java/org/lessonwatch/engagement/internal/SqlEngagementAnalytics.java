package org.lessonwatch.engagement.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.MathContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.engagement.CoverageReport;
import org.lessonwatch.engagement.DailyActivity;
import org.lessonwatch.engagement.DateRange;
import org.lessonwatch.engagement.EngagementAnalytics;
import org.lessonwatch.engagement.EngagementSummary;
import org.lessonwatch.engagement.Enrolment;
import org.lessonwatch.engagement.InactiveLearner;
import org.lessonwatch.engagement.LearnerActivity;
import org.lessonwatch.engagement.LearnerSession;
import org.lessonwatch.engagement.LessonDropOff;
import org.lessonwatch.engagement.LessonEngagement;
import org.lessonwatch.engagement.RetentionCurve;

/**
 * Analytics from the sessions and their roll-ups: the report classes ({@link SummaryReports},
 * {@link DistinctLearners}, {@link RetentionReports}, {@link CoverageReports}, {@link
 * LearnerReports}) count in SQL, this class divides. "Closed" depends on the present moment (idle
 * longer than the gap), so it is judged against the injected clock.
 */
@ApplicationScoped
class SqlEngagementAnalytics implements EngagementAnalytics {

  @Inject ReportScope scope;

  @Inject SummaryReports summaries;

  @Inject RetentionReports retention;

  @Inject CoverageReports coverage;

  @Inject LearnerReports learnerLists;

  @Inject AtRiskReports atRisk;

  @Inject EngagementSettings settings;

  @Inject Clock clock;

  @Override
  public ZoneId zone() {
    return settings.zone();
  }

  @Override
  public Optional<LocalDate> keptSince() {
    return SessionRollups.keptSince(settings, clock);
  }

  @Override
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public <T> T inOneSnapshot(Supplier<T> reports) {
    scope.useOneSnapshot();
    return reports.get();
  }

  @Override
  @Transactional
  public Optional<Duration> replicaLagBeyondNotice() {
    Duration lag = scope.replicaLag();
    return lag.compareTo(settings.readLagNotice()) > 0 ? Optional.of(lag) : Optional.empty();
  }

  /**
   * How far the reports' database is behind the primary ({@link ReportScope#replicaLag}), for the
   * metric {@code lessonwatch_report_db_lag_seconds}.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  Duration replicaLag() {
    return scope.replicaLag();
  }

  @Override
  @Transactional
  public EngagementSummary summary(Collection<ContentRef> lessons, DateRange range) {
    return summaryOf(summaries.counts(window(lessons, range)));
  }

  @Override
  @Transactional
  public List<LessonEngagement> byLesson(Collection<ContentRef> lessons, DateRange range) {
    return summaries.countsByLesson(window(lessons, range)).stream()
        .map(row -> new LessonEngagement(row.lesson(), summaryOf(row.counts())))
        .toList();
  }

  @Override
  @Transactional
  public List<LessonDropOff> dropOffs(Collection<ContentRef> lessons, DateRange range) {
    return summaries.closedByLesson(window(lessons, range)).stream()
        .map(row -> new LessonDropOff(row.lesson(), row.closed(), row.dropped()))
        .toList();
  }

  @Override
  @Transactional
  public RetentionCurve retention(Collection<ContentRef> lessons, DateRange range) {
    return curveOf(retention.reachedPoints(window(lessons, range), RETENTION_POINTS));
  }

  @Override
  @Transactional
  public Map<ContentRef, RetentionCurve> retentionByLesson(
      Collection<ContentRef> lessons, DateRange range) {
    Map<ContentRef, RetentionCurve> curves = new HashMap<>();
    retention
        .reachedPointsByLesson(window(lessons, range), RETENTION_POINTS)
        .forEach((lesson, reached) -> curves.put(lesson, curveOf(reached)));
    return curves;
  }

  private static RetentionCurve curveOf(List<RetentionReports.ReachedPoint> reached) {
    int points = RETENTION_POINTS;
    long[] reachedExactly = new long[points + 1];
    long[] dropOffs = new long[points];
    long sessions = 0;
    for (RetentionReports.ReachedPoint row : reached) {
      reachedExactly[row.point()] += row.sessions();
      // Only a session at the very end reaches point B; it belongs to the last bucket.
      dropOffs[Math.min(row.point(), points - 1)] += row.dropped();
      sessions += row.sessions();
    }
    List<Double> retention = new ArrayList<>();
    if (sessions > 0) {
      long reachedAtLeast = 0;
      double[] shares = new double[points + 1];
      for (int k = points; k >= 0; k--) {
        reachedAtLeast += reachedExactly[k];
        shares[k] = (double) reachedAtLeast / sessions;
      }
      for (double share : shares) {
        retention.add(share);
      }
    }
    List<Long> drops = new ArrayList<>();
    for (long drop : dropOffs) {
      drops.add(drop);
    }
    return new RetentionCurve(points, sessions, retention, drops);
  }

  @Override
  @Transactional
  public List<DailyActivity> daily(Collection<ContentRef> lessons, DateRange range) {
    Map<LocalDate, SummaryReports.Day> days = new HashMap<>();
    summaries.days(window(lessons, range), zone().getId()).forEach(day -> days.put(day.day(), day));
    List<DailyActivity> series = new ArrayList<>();
    for (LocalDate day = range.from(); day.isBefore(range.to()); day = day.plusDays(1)) {
      SummaryReports.Day row = days.get(day);
      series.add(
          row == null
              ? new DailyActivity(day, 0, 0, 0)
              : new DailyActivity(day, row.sessions(), row.completed(), row.returns()));
    }
    return series;
  }

  @Override
  @Transactional
  public CoverageReport coverage(ContentRef lesson, DateRange range) {
    ReportWindow window = window(List.of(lesson), range);
    List<CoverageReports.CoveragePoint> points = coverage.coverageAtPoints(window);
    long sessions = points.isEmpty() ? 0 : points.get(0).sessions();
    List<Double> watchedAt = points.stream().map(p -> (double) p.watched() / p.sessions()).toList();
    List<CoverageReport.RewatchStretch> rewatch =
        coverage.stretches(window).stream()
            .filter(stretch -> stretch.seenSec() > 0)
            .map(
                stretch ->
                    new CoverageReport.RewatchStretch(
                        stretch.index() * WatchSession.STRETCH_SEC,
                        (stretch.index() + 1) * WatchSession.STRETCH_SEC,
                        stretch.sessions(),
                        stretch.playedDs() / (10.0 * stretch.seenSec())))
            .toList();
    List<CoverageReport.SkippedAheadSession> skipped =
        learnerLists.skippedAhead(lesson, window).stream()
            .map(
                row ->
                    new CoverageReport.SkippedAheadSession(
                        row.learner(),
                        row.number(),
                        row.maxPosition(),
                        row.watchedSec(),
                        row.duration()))
            .toList();
    return new CoverageReport(
        sessions,
        watchedAt,
        rewatch,
        StrugglePoints.find(rewatch, coverage.dropsByStretch(window)),
        skipped);
  }

  @Override
  @Transactional
  public List<LearnerActivity> learners(ContentRef lesson, DateRange range) {
    ReportWindow window = window(List.of(lesson), range);
    return activities(learnerLists.learners(lesson, window));
  }

  @Override
  @Transactional
  public List<LearnerActivity> latestLearners(ContentRef lesson, DateRange range, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    ReportWindow window = window(List.of(lesson), range);
    return activities(learnerLists.latestLearners(lesson, window.from(), window.to(), limit));
  }

  @Override
  @Transactional
  public Enrolment lessonEnrolment(ContentRef lesson, Collection<String> learners) {
    if (learners.isEmpty()) {
      return new Enrolment(0, 0, 0, 0L);
    }
    return learnerLists.lessonEnrolment(lesson, learners);
  }

  @Override
  @Transactional
  public Enrolment courseEnrolment(long courseId, Collection<String> learners) {
    if (learners.isEmpty()) {
      return new Enrolment(0, 0, 0, null);
    }
    // The roll-ups and the unsettled sessions in one snapshot, as every report reads them.
    scope.useOneSnapshot();
    return learnerLists.courseEnrolment(courseId, learners);
  }

  @Override
  @Transactional
  public List<LearnerSession> learnerSessions(
      String learner, Collection<ContentRef> lessons, DateRange range) {
    if (lessons.isEmpty()) {
      return List.of();
    }
    return learnerLists.learnerSessions(learner, window(lessons, range), LEARNER_SESSIONS_SHOWN);
  }

  @Override
  @Transactional
  public Optional<Instant> lastSeen(String learner, Collection<ContentRef> lessons) {
    return lessons.isEmpty()
        ? Optional.empty()
        : learnerLists.lastSeen(learner, List.copyOf(lessons));
  }

  @Override
  @Transactional
  public List<InactiveLearner> inactiveLearners(
      long courseId, Collection<ContentRef> lessons, LocalDate activeSince, int limit) {
    if (lessons.isEmpty()) {
      return List.of();
    }
    scope.useOneSnapshot();
    return atRisk.inactive(courseId, List.copyOf(lessons), activeSince, limit);
  }

  @Override
  @Transactional
  public Set<String> startedCourse(long courseId, Collection<String> learners) {
    if (learners.isEmpty()) {
      return Set.of();
    }
    scope.useOneSnapshot();
    return atRisk.started(courseId, learners);
  }

  private static List<LearnerActivity> activities(List<LearnerReports.Learner> learners) {
    return learners.stream()
        .map(
            row ->
                new LearnerActivity(
                    row.learner(),
                    row.sessions(),
                    row.furthest(),
                    row.durationSec(),
                    row.completed(),
                    row.lastSeen()))
        .toList();
  }

  /**
   * The report's window. It is the first call of every report, so it also fixes the report's one
   * snapshot: each report reads roll-ups and unsettled rows in several statements, and one snapshot
   * keeps a session from being counted twice, or not at all, when the roll-up job settles it
   * between two of them. Hence a transaction per report, or one for all the reports of a page
   * ({@link #inOneSnapshot}), and none for {@link #zone()}.
   */
  private ReportWindow window(Collection<ContentRef> lessons, DateRange range) {
    scope.useOneSnapshot();
    ZoneId zone = zone();
    return new ReportWindow(
        List.copyOf(lessons),
        range.from().atStartOfDay(zone).toInstant(),
        range.to().atStartOfDay(zone).toInstant(),
        range.from(),
        range.to(),
        clock.instant().minus(settings.rules().gap()));
  }

  private static EngagementSummary summaryOf(SummaryReports.Counts c) {
    return new EngagementSummary(
        c.sessions(),
        c.learners(),
        c.completed(),
        c.returns(),
        c.closed(),
        c.dropped(),
        c.withDuration(),
        share(c.completed(), c.sessions()),
        share(c.completedLearners(), c.learners()),
        share(c.returns(), c.sessions()),
        share(c.dropped(), c.closed()),
        c.withDuration() == 0
            ? null
            : c.percentWatchedSum()
                .divide(java.math.BigDecimal.valueOf(c.withDuration()), MathContext.DECIMAL64)
                .doubleValue(),
        share(c.reached25(), c.withDuration()),
        share(c.reached50(), c.withDuration()),
        share(c.reached75(), c.withDuration()),
        c.withCoverage(),
        c.coverageCompleted(),
        share(c.coverageCompleted(), c.withCoverage()),
        c.skippedAhead());
  }

  /** A rate, or {@code null} when there is nothing to divide by. */
  private static Double share(long part, long whole) {
    return whole == 0 ? null : (double) part / whole;
  }
}
