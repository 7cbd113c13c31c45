package org.lessonwatch.web.dashboard;

import java.util.List;
import org.lessonwatch.engagement.EngagementSummary;

/** One headline number on a page: what it is, its value, and what it was computed from. */
public record Card(String label, String value, String note) {

  static final EngagementSummary NOTHING =
      new EngagementSummary(
          0, 0, 0, 0, 0, 0, 0, null, null, null, null, null, null, null, null, 0, 0, null, 0);

  static List<Card> of(EngagementSummary s) {
    return List.of(
        new Card("Sessions", Format.count(s.sessions()), "sittings started in the range"),
        new Card("Learners", Format.count(s.learners()), "distinct learners among them"),
        new Card(
            "Completion rate",
            Format.percent(s.completionRate()),
            Format.count(s.completedSessions())
                + " of "
                + sessions(s.sessions())
                + " complete by furthest position"),
        new Card(
            "Completion by coverage",
            Format.percent(s.coverageCompletionRate()),
            s.sessionsWithCoverage() == 0
                ? "no player reported played ranges"
                : Format.count(s.coverageCompletedSessions())
                    + " of "
                    + sessions(s.sessionsWithCoverage())
                    + " watched nearly all of the video; "
                    + Format.count(s.skippedAheadSessions())
                    + " skipped ahead"),
        new Card(
            "Learner completion rate",
            Format.percent(s.learnerCompletionRate()),
            "learners with at least one completed session"),
        new Card(
            "Return sessions",
            Format.percent(s.replayRate()),
            Format.count(s.returnSessions())
                + (s.returnSessions() == 1 ? " session was" : " sessions were")
                + " a learner's second or later sitting"),
        new Card(
            "Drop-off rate",
            Format.percent(s.dropOffRate()),
            Format.count(s.droppedSessions())
                + " of "
                + Format.count(s.closedSessions())
                + (s.closedSessions() == 1 ? " closed session" : " closed sessions")
                + " left before completion"),
        new Card(
            "Average watched",
            Format.percent(s.averagePercentWatched()),
            "furthest position as a share of the video, over "
                + sessions(s.sessionsWithDuration())
                + " with a known duration"));
  }

  /** "1 session", "2 sessions", "1,234 sessions". */
  private static String sessions(long count) {
    return Format.count(count) + (count == 1 ? " session" : " sessions");
  }
}
