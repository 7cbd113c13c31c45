package org.lessonwatch.web.dashboard;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.lessonwatch.engagement.EngagementAnalytics;
import org.lessonwatch.engagement.Enrolment;
import org.lessonwatch.web.access.AccessDeniedException;
import org.lessonwatch.web.access.AnalyticsAccess;
import org.lessonwatch.web.access.Audience;
import org.lessonwatch.web.dashboard.session.DashboardSession;
import org.lessonwatch.web.input.RequestValues;
import org.lessonwatch.web.roster.CourseRoster;
import org.lessonwatch.web.roster.Rosters;

/**
 * What every analytics page does alike: read the date filter, ask {@link AnalyticsAccess} what the
 * signed-in user may see, and turn "not yours" (403), "no such thing" (404) and a bad filter (400)
 * into a readable page.
 */
abstract class DashboardPage extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Inject transient PageRenderer renderer;
  @Inject transient AnalyticsAccess access;
  @Inject transient EngagementAnalytics analytics;
  @Inject transient Clock clock;
  @Inject transient Rosters rosters;

  /** Thrown for a path that names nothing, such as a course id that is not a number. */
  static final class NoSuchPageException extends Exception {
    NoSuchPageException() {
      super(null, null, false, false);
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    try {
      show(request, response, DashboardSession.require(request));
    } catch (DateFilter.InvalidFilterException e) {
      renderer.error(request, response, 400, "Invalid date range", e.getMessage(), e.form());
    } catch (NoSuchPageException e) {
      notFound(request, response);
    } catch (AccessDeniedException e) {
      if (e.status() == 404) {
        notFound(request, response);
      } else {
        renderer.error(
            request,
            response,
            403,
            "Not yours to see",
            "These analytics belong to a course you do not teach. Ask an admin to add you to"
                + " the course's instructors if you should see them.",
            null);
      }
    }
  }

  abstract void show(HttpServletRequest request, HttpServletResponse response, Audience audience)
      throws IOException, DateFilter.InvalidFilterException, NoSuchPageException;

  DateFilter filter(HttpServletRequest request) throws DateFilter.InvalidFilterException {
    LocalDate today = LocalDate.now(clock.withZone(analytics.zone()));
    return DateFilter.parse(
        request.getParameter("from"), request.getParameter("to"), today, analytics.zone());
  }

  /** {@link #model(String, DateFilter, EngagementAnalytics)} with this page's analytics. */
  Map<String, Object> model(String title, DateFilter filter) {
    return model(title, filter, analytics);
  }

  /**
   * The model every page starts from: its title, the filter form, and, when the range reaches
   * before the raw sessions kept ({@code engagement.retention}), a note saying what that means; and
   * when the reports' replica is behind by more than {@code engagement.db.read-lag-notice}, a note
   * saying so.
   */
  static Map<String, Object> model(String title, DateFilter filter, EngagementAnalytics analytics) {
    Map<String, Object> model = new HashMap<>();
    model.put("pageTitle", title);
    model.put("filter", filter.form());
    analytics
        .keptSince()
        .filter(day -> filter.range().from().isBefore(day))
        .ifPresent(
            day ->
                model.put(
                    "retentionNote",
                    "Sessions that started before "
                        + day
                        + " have been deleted, as this service keeps them for a limited time."
                        + " Their counts, rates and curves remain; per-learner lists, learner"
                        + " pages and CSV rows for those days are empty, and distinct learners"
                        + " over a range reaching into them may count a learner twice."));
    analytics
        .replicaLagBeyondNotice()
        .ifPresent(
            lag ->
                model.put(
                    "replicaNote",
                    "These figures come from a copy of the database that is "
                        + Format.duration(lag)
                        + " behind: the latest activity may be missing."));
    return model;
  }

  /**
   * The roster part of a page ({@code what}: "this course's lessons", "this lesson"), with the
   * enrolled learners counted by {@code count}; {@code null} when no LMS roster was asked for.
   */
  RosterView rosterView(
      Optional<CourseRoster> roster, Function<List<String>, Enrolment> count, String what) {
    Enrolment enrolment =
        roster.filter(CourseRoster::fetched).map(r -> count.apply(r.enrolled())).orElse(null);
    return RosterView.of(roster, enrolment, what, analytics.zone()).orElse(null);
  }

  /** An id in the path, by the API's rule ({@link RequestValues#positiveId}); else no such page. */
  static long positiveId(String text) throws NoSuchPageException {
    return RequestValues.positiveId(text).orElseThrow(NoSuchPageException::new);
  }

  private void notFound(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    renderer.error(request, response, 404, "Not found", "There is no such course or lesson.", null);
  }
}
