package org.lessonwatch.engagement.internal;

import static org.lessonwatch.engagement.internal.ReportScope.SCOPE;
import static org.lessonwatch.engagement.internal.ReportScope.count;
import static org.lessonwatch.engagement.internal.ReportScope.lesson;
import static org.lessonwatch.engagement.internal.ReportScope.sessions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.Query;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.engagement.internal.ReportScope.Sessions;

/**
 * Distinct learners of a window, and those of them with a completed session. Settled sessions are
 * counted from the day steps the roll-up job keeps (see docs/reports-at-scale.md): each lesson's
 * (V6), each course's (V7) and everybody's (V5); the learners seen only in unsettled sessions are
 * added. Any other set of lessons is counted from the sessions' index.
 */
@ApplicationScoped
class DistinctLearners {

  /**
   * Distinct learners of the sessions {@code s}, and those with a completed session. Grouping by
   * learner, then counting rows, lets PostgreSQL hash the learners where {@code count(DISTINCT …)}
   * sorts them, which takes about three times as long.
   */
  private static final String OF_SESSIONS =
      """
      SELECT count(*), count(*) FILTER (WHERE completed)
      FROM (SELECT learner_sub, bool_or(completed_at IS NOT NULL) AS completed
            FROM s GROUP BY learner_sub) l
      """;

  /** Opens EXISTS: a rolled-up session in range of the same learner and lesson as {@code s}. */
  private static final String SETTLED_OF_PAIR =
      """
      EXISTS (SELECT 1 FROM watch_sessions r WHERE r.learner_sub = s.learner_sub
        AND r.content_kind = s.content_kind AND r.content_id = s.content_id AND r.rolled_up
        AND r.started_at >= :from AND r.started_at < :to""";

  /** Where day steps are kept, and how the unsettled sessions' learners join their roll-ups. */
  private enum Steps {
    COURSE(
        "course_learner_day_steps WHERE course_id = :course AND",
        "course_learner_rollups l ON l.course_id = :course AND l.learner_sub = s.learner_sub"),
    EVERYBODY("learner_day_steps WHERE", "learner_rollups l ON l.learner_sub = s.learner_sub");

    private final String steps;
    private final String rollups;

    Steps(String steps, String rollups) {
      this.steps = steps;
      this.rollups = rollups;
    }
  }

  @Inject ReportScope scope;

  /** Distinct learners, and those of them with a completed session. */
  record Learners(long learners, long completedLearners) {
    static final Learners NONE = new Learners(0, 0);

    Learners plus(Learners o) {
      return new Learners(learners + o.learners, completedLearners + o.completedLearners);
    }
  }

  /**
   * Distinct learners of the window: from day steps where some answer for exactly its lessons (one
   * lesson's, one whole course's, or everybody's when the lessons include every lesson with settled
   * sessions); otherwise from the sessions' index.
   */
  Learners of(ReportWindow window) {
    if (window.lessons().size() == 1) {
      return byLesson(window).values().stream().findFirst().orElse(Learners.NONE);
    }
    Long course = wholeCourse(window);
    if (course != null) {
      return fromSteps(Steps.COURSE, window, course);
    }
    if (coversEveryRolledUpLesson(window)) {
      return fromSteps(Steps.EVERYBODY, window, null);
    }
    Object[] row =
        (Object[]) scope.query(sessions(Sessions.ALL) + OF_SESSIONS, window).getSingleResult();
    return new Learners(count(row[0]), count(row[1]));
  }

  /**
   * Distinct learners of each lesson of the window: the lessons' day steps (V6) count those with a
   * settled session in range, and the unsettled sessions add the others.
   */
  Map<ContentRef, Learners> byLesson(ReportWindow window) {
    Map<ContentRef, Learners> learners = new HashMap<>();
    for (Object[] row :
        scope.rows(
            SCOPE
                + """
                , steps AS (
                  SELECT st.* FROM lesson_learner_day_steps st
                  JOIN scope ON st.content_kind = scope.kind AND st.content_id = scope.id
                  WHERE st.day >= :fromDay AND st.day < :toDay AND st.prev_day < :fromDay)
                SELECT content_kind, content_id,
                  coalesce(sum(learners) FILTER (WHERE kind = 0), 0),
                  coalesce(sum(learners) FILTER (WHERE kind = 1), 0)
                FROM steps GROUP BY content_kind, content_id
                """,
            window)) {
      learners.merge(lesson(row), learnersAt(row, 2), Learners::plus);
    }
    for (Object[] row :
        scope.rows(
            sessions(Sessions.UNSETTLED)
                + """
                , u AS (
                  SELECT s.content_kind, s.content_id, s.learner_sub,
                    s.completed_at IS NOT NULL AS completed,
                    %1$s) AS counted,
                    %1$s AND r.completed_at IS NOT NULL) AS counted_completed
                  FROM s)
                SELECT content_kind, content_id,
                  count(DISTINCT learner_sub) FILTER (WHERE NOT counted),
                  count(DISTINCT learner_sub) FILTER (WHERE completed AND NOT counted_completed)
                FROM u GROUP BY content_kind, content_id
                """
                    .formatted(SETTLED_OF_PAIR),
            window)) {
      learners.merge(lesson(row), learnersAt(row, 2), Learners::plus);
    }
    return learners;
  }

  /**
   * Distinct learners from day steps for the settled sessions, plus those of the unsettled sessions
   * whose days in the roll-ups (joined as {@code l}) have none in range.
   */
  private Learners fromSteps(Steps steps, ReportWindow window, Long course) {
    Query settledQuery =
        scope.query(
            """
            SELECT coalesce(sum(learners) FILTER (WHERE kind = 0), 0),
              coalesce(sum(learners) FILTER (WHERE kind = 1), 0)
            FROM %s day >= :fromDay AND day < :toDay AND prev_day < :fromDay
            """
                .formatted(steps.steps),
            window);
    Query extraQuery =
        scope.query(
            sessions(Sessions.UNSETTLED)
                + """
                SELECT count(DISTINCT s.learner_sub) FILTER (WHERE l.learner_sub IS NULL
                    OR NOT l.active_days && daterange(:fromDay, :toDay)),
                  count(DISTINCT s.learner_sub) FILTER (WHERE s.completed_at IS NOT NULL
                    AND (l.learner_sub IS NULL
                      OR NOT l.completed_days && daterange(:fromDay, :toDay)))
                FROM s LEFT JOIN %s
                """
                    .formatted(steps.rollups),
            window);
    if (course != null) {
      settledQuery.setParameter("course", course);
      extraQuery.setParameter("course", course);
    }
    Learners settled = learnersAt((Object[]) settledQuery.getSingleResult(), 0);
    return settled.plus(learnersAt((Object[]) extraQuery.getSingleResult(), 0));
  }

  /** The course whose lessons, as the roll-ups know them (V7), are exactly the window's, if any. */
  private Long wholeCourse(ReportWindow window) {
    List<?> course =
        scope
            .query(
                SCOPE
                    + """
                    SELECT m.course_id FROM rollup_lesson_courses m
                    WHERE m.course_id = (
                      SELECT min(c.course_id) FROM rollup_lesson_courses c
                      JOIN scope ON c.content_kind = scope.kind AND c.content_id = scope.id)
                    GROUP BY m.course_id
                    HAVING count(*) = (SELECT count(DISTINCT (kind, id)) FROM scope)
                      AND bool_and(EXISTS (SELECT 1 FROM scope
                        WHERE scope.kind = m.content_kind AND scope.id = m.content_id))
                    """,
                window)
            .getResultList();
    return course.isEmpty() ? null : count(course.get(0));
  }

  private boolean coversEveryRolledUpLesson(ReportWindow window) {
    Object missing =
        scope
            .query(
                SCOPE
                    + """
                    SELECT count(*) FROM rollup_lessons r WHERE NOT EXISTS (SELECT 1 FROM scope
                      WHERE scope.kind = r.content_kind AND scope.id = r.content_id)
                    """,
                window)
            .getSingleResult();
    return count(missing) == 0;
  }

  private static Learners learnersAt(Object[] row, int offset) {
    return new Learners(count(row[offset]), count(row[offset + 1]));
  }
}
