package org.lessonwatch.web.dashboard;

import java.util.List;
import org.lessonwatch.content.LessonListing;
import org.lessonwatch.engagement.LearnerActivity;

/**
 * The learner × lesson CSV of the course page ({@code …/learners.csv}, every lesson) and the lesson
 * page (its learners): one row per learner and lesson, with the same columns on both.
 */
final class LearnerCsv {

  static final List<String> COLUMNS =
      List.of(
          "learner",
          "content_kind",
          "content_id",
          "lesson",
          "percent_watched",
          "furthest_position_sec",
          "completed",
          "sessions",
          "last_seen");

  private final Csv csv = new Csv().row(COLUMNS);

  /** Adds each learner of the lesson, in the order given. */
  LearnerCsv add(LessonListing lesson, List<LearnerActivity> learners) {
    for (LearnerActivity learner : learners) {
      csv.row(row(lesson, learner));
    }
    return this;
  }

  static List<String> row(LessonListing lesson, LearnerActivity learner) {
    Integer duration = learner.durationSec() != null ? learner.durationSec() : lesson.durationSec();
    return List.of(
        learner.learner(),
        lesson.ref().kind().wireName(),
        String.valueOf(lesson.ref().id()),
        lesson.title(),
        duration == null ? "" : Format.plainPercent(learner.furthestPositionSec(), duration),
        String.valueOf(learner.furthestPositionSec()),
        String.valueOf(learner.completed()),
        String.valueOf(learner.sessions()),
        learner.lastSeen() == null ? "" : learner.lastSeen().toString());
  }

  Csv csv() {
    return csv;
  }
}
