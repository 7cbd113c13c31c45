package org.lessonwatch.engagement.internal;

import static org.lessonwatch.engagement.internal.ReportScope.date;
import static org.lessonwatch.engagement.internal.ReportScope.results;
import static org.lessonwatch.engagement.internal.ReportScope.whole;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.Query;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.engagement.InactiveLearner;

/**
 * Who in a course is at risk: the learners whose last settled session of the course started before
 * a day and who have none unsettled (those are recent), from the per-learner course roll-ups, with
 * the lessons each has completed by coverage (all their sessions are rolled up, so {@code
 * learner_lesson_coverage} has them all), longest away first along the index of V14; and which of a
 * roster's learners ever started it.
 *
 * <p>Those with unsettled sessions are left out with {@code NOT IN}, which PostgreSQL answers from
 * a hash table of them built once ("hashed SubPlan"; {@code learner_sub} is never null). With
 * {@code NOT EXISTS} it planned a nested loop that compared each listed learner with every one of
 * them: after a lecture (696 learners with open sessions in a course of 20 lessons, at 10 M
 * sessions) the list of 2,000 took 213 ms instead of 100 (docs/benchmark.md, "mixed load").
 */
@ApplicationScoped
class AtRiskReports {

  @Inject ReportScope scope;

  List<InactiveLearner> inactive(
      long courseId, List<ContentRef> lessons, LocalDate activeSince, int limit) {
    Query query =
        scope.lessonsQuery(
            ReportScope.SCOPE
                + ", "
                + ReportScope.COURSE_UNSETTLED_LEARNERS
                + """
                , r AS (
                  SELECT l.learner_sub, upper(l.active_days) - 1 AS last_day
                  FROM course_learner_rollups l
                  WHERE l.course_id = :course AND upper(l.active_days) <= :since
                    AND l.learner_sub NOT IN (SELECT u.learner_sub FROM u)
                  ORDER BY upper(l.active_days), l.learner_sub LIMIT :limit)
                SELECT r.learner_sub, r.last_day,
                  (SELECT count(*) FROM learner_lesson_coverage c
                   JOIN scope ON c.content_kind = scope.kind AND c.content_id = scope.id
                   WHERE c.learner_sub = r.learner_sub)
                FROM r ORDER BY r.last_day, r.learner_sub
                """,
            lessons);
    query.setParameter("course", courseId);
    query.setParameter("since", activeSince);
    query.setParameter("limit", limit);
    return results(query).stream()
        .map(row -> new InactiveLearner((String) row[0], date(row[1]), whole(row[2])))
        .toList();
  }

  Set<String> started(long courseId, Collection<String> learners) {
    Query query =
        scope.statement(
            "WITH m(sub) AS (SELECT DISTINCT * FROM unnest(CAST(:learners AS varchar[]))), "
                + ReportScope.COURSE_UNSETTLED_LEARNERS
                + """
                SELECT m.sub FROM m
                WHERE EXISTS (SELECT 1 FROM course_learner_rollups l
                              WHERE l.course_id = :course AND l.learner_sub = m.sub)
                  OR EXISTS (SELECT 1 FROM u WHERE u.learner_sub = m.sub)
                """);
    query.setParameter("course", courseId);
    query.setParameter("learners", learners.toArray(String[]::new));
    @SuppressWarnings("unchecked")
    List<String> started = query.getResultList();
    return new HashSet<>(started);
  }
}
