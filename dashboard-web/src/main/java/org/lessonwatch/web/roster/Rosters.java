package org.lessonwatch.web.roster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The LMS rosters in PostgreSQL ({@code V10__lti_rosters.sql}), per LMS course: who claimed the
 * latest refresh and when, the learners of the latest full fetch, and why the latest refresh
 * failed. A catalogue course's roster is read through its links ({@code lti_contexts}).
 */
@ApplicationScoped
public class Rosters {

  /** The most characters of a failure kept. */
  static final int FAILURE_LENGTH = 500;

  @PersistenceContext(unitName = "engagement")
  EntityManager em;

  /**
   * Claims the refresh of an LMS course's roster, on whichever node asks first: true when no
   * refresh was claimed in the last {@code every}, and then this caller must refresh it (or say it
   * failed). Records where the roster is, as the latest launch gave it.
   */
  @Transactional
  public boolean claimRefresh(
      String platformId, String contextId, String membershipsUrl, Instant now, Duration every) {
    return em.createNativeQuery(
                """
                INSERT INTO lti_rosters AS r (platform_id, context_id, memberships_url,
                  attempted_at)
                VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT (platform_id, context_id) DO UPDATE
                  SET memberships_url = EXCLUDED.memberships_url,
                    attempted_at = EXCLUDED.attempted_at
                  WHERE r.attempted_at <= ?5
                """)
            .setParameter(1, platformId)
            .setParameter(2, contextId)
            .setParameter(3, membershipsUrl)
            .setParameter(4, now)
            .setParameter(5, now.minus(every))
            .executeUpdate()
        == 1;
  }

  /**
   * Makes {@code members} the LMS course's learners, fetched in full at {@code now}, in one
   * transaction: a page never sees half of the old roster and half of the new.
   */
  @Transactional
  public void replace(
      String platformId, String contextId, List<RosterMember> members, Instant now) {
    Map<String, RosterMember> bySub = new LinkedHashMap<>();
    for (RosterMember member : members) {
      bySub.merge(
          member.sub(),
          member,
          (a, b) ->
              new RosterMember(
                  a.sub(), a.name() != null ? a.name() : b.name(), a.active() || b.active()));
    }
    em.createNativeQuery(
            "DELETE FROM lti_roster_members WHERE platform_id = ?1 AND context_id = ?2")
        .setParameter(1, platformId)
        .setParameter(2, contextId)
        .executeUpdate();
    List<RosterMember> unique = new ArrayList<>(bySub.values());
    em.createNativeQuery(
            """
            INSERT INTO lti_roster_members (platform_id, context_id, learner_sub, name, status)
            SELECT ?1, ?2, sub, name, status
            FROM unnest(CAST(?3 AS varchar[]), CAST(?4 AS varchar[]), CAST(?5 AS varchar[]))
              AS m(sub, name, status)
            """)
        .setParameter(1, platformId)
        .setParameter(2, contextId)
        .setParameter(3, unique.stream().map(RosterMember::sub).toArray(String[]::new))
        .setParameter(4, unique.stream().map(RosterMember::name).toArray(String[]::new))
        .setParameter(5, unique.stream().map(RosterMember::status).toArray(String[]::new))
        .executeUpdate();
    em.createNativeQuery(
            "UPDATE lti_rosters SET fetched_at = ?3, failed_at = NULL, failure = NULL"
                + " WHERE platform_id = ?1 AND context_id = ?2")
        .setParameter(1, platformId)
        .setParameter(2, contextId)
        .setParameter(3, now)
        .executeUpdate();
  }

  /**
   * Records that a refresh failed, keeping the learners of the last full fetch; with {@code
   * retrySoon}, the next launch may try again at once instead of after the refresh interval.
   */
  @Transactional
  public void failed(
      String platformId, String contextId, Instant now, String reason, boolean retrySoon) {
    String failure =
        reason.length() > FAILURE_LENGTH ? reason.substring(0, FAILURE_LENGTH) : reason;
    em.createNativeQuery(
            "UPDATE lti_rosters SET failed_at = ?3, failure = ?4"
                + (retrySoon ? ", attempted_at = '-infinity'" : "")
                + " WHERE platform_id = ?1 AND context_id = ?2")
        .setParameter(1, platformId)
        .setParameter(2, contextId)
        .setParameter(3, now)
        .setParameter(4, failure)
        .executeUpdate();
  }

  /** Removes a learner from every roster, in the caller's transaction; returns how many entries. */
  @Transactional(Transactional.TxType.MANDATORY)
  public long eraseLearner(String learnerSub) {
    return em.createNativeQuery("DELETE FROM lti_roster_members WHERE learner_sub = ?1")
        .setParameter(1, learnerSub)
        .executeUpdate();
  }

  /**
   * The roster of a catalogue course: the learners of the LMS courses linked to it, read in one
   * snapshot. Empty when no linked LMS course's roster was ever asked for.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Optional<CourseRoster> ofCourse(long courseId) {
    em.createNativeQuery("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .executeUpdate();
    List<?> states =
        em.createNativeQuery(
                """
                SELECT min(r.fetched_at), max(r.failed_at),
                  (array_agg(r.failure ORDER BY r.failed_at DESC NULLS LAST))[1], count(*)
                FROM lti_rosters r
                JOIN lti_contexts c USING (platform_id, context_id)
                WHERE c.course_id = ?1
                """)
            .setParameter(1, courseId)
            .getResultList();
    Object[] state = (Object[]) states.get(0);
    if (((Number) state[3]).longValue() == 0) {
      return Optional.empty();
    }
    List<RosterMember> members = new ArrayList<>();
    for (Object row :
        em.createNativeQuery(
                """
                SELECT m.learner_sub, min(m.name), bool_or(m.status = 'Active')
                FROM lti_roster_members m
                JOIN lti_contexts c USING (platform_id, context_id)
                WHERE c.course_id = ?1
                GROUP BY m.learner_sub ORDER BY m.learner_sub
                """)
            .setParameter(1, courseId)
            .getResultList()) {
      Object[] member = (Object[]) row;
      members.add(new RosterMember((String) member[0], (String) member[1], (Boolean) member[2]));
    }
    return Optional.of(
        new CourseRoster(
            members,
            Optional.ofNullable(instant(state[0])),
            Optional.ofNullable(instant(state[1])),
            Optional.ofNullable((String) state[2])));
  }

  private static Instant instant(Object value) {
    if (value instanceof Timestamp timestamp) {
      return timestamp.toInstant();
    }
    if (value instanceof OffsetDateTime offset) {
      return offset.toInstant();
    }
    return (Instant) value;
  }
}
