package org.lessonwatch.web.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.lessonwatch.engagement.CoverageReport;
import org.lessonwatch.engagement.DailyActivity;
import org.lessonwatch.engagement.EngagementAnalytics;
import org.lessonwatch.engagement.EngagementSummary;
import org.lessonwatch.engagement.Enrolment;
import org.lessonwatch.engagement.RetentionCurve;
import org.lessonwatch.web.access.AnalyticsAccess;
import org.lessonwatch.web.problems.FieldError;
import org.lessonwatch.web.problems.Problem;
import org.lessonwatch.web.problems.ProblemException;
import org.lessonwatch.web.rest.auth.Caller;
import org.lessonwatch.web.roster.CourseRoster;
import org.lessonwatch.web.roster.Rosters;

/**
 * Analytics as JSON for instructors (their courses) and admins (everything): the headline summary,
 * the retention curve with the drop-off histogram, and the daily series. Every endpoint takes the
 * same scope and date parameters ({@link AnalyticsQuery}).
 */
@Path("videos/engagement/analytics")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {

  /** The scope and range every answer repeats. */
  public record Period(String from, String to) {}

  /**
   * Headline metrics; {@code nillable} keeps the renamed rates in the JSON when null. The roster
   * figures ({@code enrolled} to {@code roster_fetched_at}) are filled only for a lesson or course
   * whose LMS roster has been fetched (the coverage pair for a lesson only), and count every
   * session, whatever the dates.
   */
  @SuppressWarnings("deprecation")
  public record SummaryView(
      AnalyticsQuery.Scope scope,
      Period period,
      long sessions,
      long learners,
      Double completionRate,
      Double learnerCompletionRate,
      Double replayRate,
      Double dropOffRate,
      Double averagePercentWatched,
      @JsonbProperty(value = "reached_25", nillable = true) Double reached25,
      @JsonbProperty(value = "reached_50", nillable = true) Double reached50,
      @JsonbProperty(value = "reached_75", nillable = true) Double reached75,
      long completedSessions,
      long returnSessions,
      long closedSessions,
      long droppedSessions,
      long sessionsWithDuration,
      Double coverageCompletionRate,
      long sessionsWithCoverage,
      long coverageCompletedSessions,
      long skippedAheadSessions,
      Long enrolled,
      Long neverStarted,
      Long enrolledCompleted,
      Double enrolledCompletionRate,
      Long enrolledCoverageCompleted,
      Double enrolledCoverageCompletionRate,
      String rosterFetchedAt) {

    static SummaryView of(AnalyticsQuery query, EngagementSummary s, Optional<Roster> roster) {
      return new SummaryView(
          query.scope(),
          AnalyticsResource.period(query),
          s.sessions(),
          s.learners(),
          s.completionRate(),
          s.learnerCompletionRate(),
          s.replayRate(),
          s.dropOffRate(),
          s.averagePercentWatched(),
          s.reached25(),
          s.reached50(),
          s.reached75(),
          s.completedSessions(),
          s.returnSessions(),
          s.closedSessions(),
          s.droppedSessions(),
          s.sessionsWithDuration(),
          s.coverageCompletionRate(),
          s.sessionsWithCoverage(),
          s.coverageCompletedSessions(),
          s.skippedAheadSessions(),
          roster.map(r -> r.enrolment().enrolled()).orElse(null),
          roster.map(r -> r.enrolment().neverStarted()).orElse(null),
          roster.map(r -> r.enrolment().completed()).orElse(null),
          roster.map(r -> r.enrolment().completionRate()).orElse(null),
          roster.map(r -> r.enrolment().coverageCompleted()).orElse(null),
          roster.map(r -> r.enrolment().coverageCompletionRate()).orElse(null),
          roster.map(r -> r.fetchedAt().toString()).orElse(null));
    }
  }

  /** A course's fetched LMS roster, counted against the query's lessons. */
  record Roster(Enrolment enrolment, Instant fetchedAt) {}

  public record RetentionView(
      AnalyticsQuery.Scope scope,
      Period period,
      int points,
      long sessions,
      List<Double> retention,
      List<Long> dropOffHistogram) {}

  public record DayView(String date, long sessions, long completed, long replays) {

    static DayView of(DailyActivity day) {
      return new DayView(
          day.day().toString(), day.sessions(), day.completed(), day.returnSessions());
    }
  }

  public record DailyView(AnalyticsQuery.Scope scope, Period period, List<DayView> days) {}

  /** A lesson's coverage report, as JSON. */
  public record CoverageView(
      AnalyticsQuery.Scope scope,
      Period period,
      long sessionsWithCoverage,
      List<Double> coverageRetention,
      List<CoverageReport.RewatchStretch> rewatch,
      List<StruggleView> strugglePoints,
      List<SkippedView> skippedAhead) {}

  public record StruggleView(String kind, int fromSec, int toSec, String why) {

    static StruggleView of(CoverageReport.StrugglePoint point) {
      return new StruggleView(
          point.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
          point.fromSec(),
          point.toSec(),
          point.why());
    }
  }

  public record SkippedView(
      String learner,
      int sessionNumber,
      int maxPositionSec,
      int watchedSec,
      Integer durationSec,
      Double watchedPercent) {

    static SkippedView of(CoverageReport.SkippedAheadSession s) {
      return new SkippedView(
          s.learner(),
          s.sessionNumber(),
          s.maxPositionSec(),
          s.watchedSec(),
          s.durationSec(),
          s.durationSec() == null
              ? null
              : Math.min(1.0, (double) s.watchedSec() / s.durationSec()));
    }
  }

  @Inject Caller caller;

  @Inject AnalyticsAccess access;

  @Inject EngagementAnalytics analytics;

  @Inject Clock clock;

  @Inject Rosters rosters;

  @QueryParam("content_kind")
  String contentKind;

  @QueryParam("content_id")
  String contentId;

  @QueryParam("course_id")
  String courseId;

  @QueryParam("from")
  String from;

  @QueryParam("to")
  String to;

  @GET
  @Path("summary")
  public SummaryView summary() {
    AnalyticsQuery query = query();
    Optional<CourseRoster> fetched =
        query.course().flatMap(rosters::ofCourse).filter(CourseRoster::fetched);
    // the roster's counts and the summary from one snapshot, as a page reads them
    return analytics.inOneSnapshot(
        () ->
            SummaryView.of(
                query,
                analytics.summary(query.lessons(), query.range()),
                fetched.map(
                    r ->
                        new Roster(
                            query.scope().courseId() != null
                                ? analytics.courseEnrolment(query.scope().courseId(), r.enrolled())
                                : analytics.lessonEnrolment(query.lessons().get(0), r.enrolled()),
                            r.fetchedAt().orElseThrow()))));
  }

  @GET
  @Path("retention")
  public RetentionView retention() {
    AnalyticsQuery query = query();
    RetentionCurve curve = analytics.retention(query.lessons(), query.range());
    return new RetentionView(
        query.scope(),
        period(query),
        curve.points(),
        curve.sessions(),
        curve.retention(),
        curve.dropOffs());
  }

  @GET
  @Path("daily")
  public DailyView daily() {
    AnalyticsQuery query = query();
    return new DailyView(
        query.scope(),
        period(query),
        analytics.daily(query.lessons(), query.range()).stream().map(DayView::of).toList());
  }

  @GET
  @Path("coverage")
  public CoverageView coverage() {
    AnalyticsQuery query = query();
    if (query.scope().contentId() == null) {
      throw new ProblemException(
          Problem.invalidRequest(
              List.of(
                  new FieldError(
                      "content_id", "coverage is per lesson: give content_kind and content_id"))));
    }
    CoverageReport report = analytics.coverage(query.lessons().get(0), query.range());
    return new CoverageView(
        query.scope(),
        period(query),
        report.sessionsWithCoverage(),
        report.coverageRetention(),
        report.rewatch(),
        report.strugglePoints().stream().map(StruggleView::of).toList(),
        report.skippedAhead().stream().map(SkippedView::of).toList());
  }

  private AnalyticsQuery query() {
    LocalDate today = LocalDate.now(clock.withZone(analytics.zone()));
    return AnalyticsQuery.resolve(
        access, caller.audience(), today, contentKind, contentId, courseId, from, to);
  }

  private static Period period(AnalyticsQuery query) {
    return new Period(query.range().from().toString(), query.range().to().toString());
  }
}
