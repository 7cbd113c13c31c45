package org.lessonwatch.web.dashboard;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lessonwatch.engagement.Enrolment;
import org.lessonwatch.web.roster.CourseRoster;

/**
 * The LMS roster's part of a course or lesson page: enrolled, never started and completion over the
 * enrolled, as cards; and where the numbers come from, including a failed refresh. {@code cards} is
 * empty while no roster has been fetched.
 */
public record RosterView(List<Card> cards, String source, String failure) {

  /** The view for a page of {@code what} ("this course's lessons", "this lesson"). */
  static Optional<RosterView> of(
      Optional<CourseRoster> roster, Enrolment enrolment, String what, ZoneId zone) {
    if (roster.isEmpty()) {
      return Optional.empty();
    }
    CourseRoster r = roster.get();
    String failure =
        r.failure()
            .map(
                why ->
                    "The latest refresh of the roster, at "
                        + Format.dateTime(r.failedAt().orElse(null), zone)
                        + ", failed: "
                        + why
                        + ".")
            .orElse(null);
    if (!r.fetched()) {
      return Optional.of(
          new RosterView(
              List.of(),
              failure == null ? "The LMS roster is being fetched; reload in a moment." : null,
              failure));
    }
    long enrolled = enrolment.enrolled();
    String which = what.equals("this lesson") ? "it" : "a lesson";
    List<Card> cards = new ArrayList<>();
    cards.add(new Card("Enrolled", Format.count(enrolled), "learners active in the LMS course"));
    cards.add(
        new Card(
            "Never started",
            Format.count(enrolment.neverStarted()),
            "enrolled, without a session on " + what));
    cards.add(
        new Card(
            "Completed, of enrolled",
            Format.percent(enrolment.completionRate()),
            Format.count(enrolment.completed())
                + " of "
                + Format.count(enrolled)
                + " completed "
                + which
                + " by furthest position"));
    if (enrolment.coverageCompleted() != null) {
      cards.add(
          new Card(
              "By coverage, of enrolled",
              Format.percent(enrolment.coverageCompletionRate()),
              Format.count(enrolment.coverageCompleted())
                  + " of "
                  + Format.count(enrolled)
                  + " watched nearly all of "
                  + which));
    }
    return Optional.of(
        new RosterView(
            cards,
            "Roster from the LMS as of "
                + Format.dateTime(r.fetchedAt().get(), zone)
                + ". These counts take every session, whatever the dates chosen above.",
            failure));
  }
}
