package org.lessonwatch.engagement.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.lessonwatch.content.CatalogChanged;

/**
 * The roll-up statements: the job's, each in its own transaction, and those that follow the
 * catalogue's lessons, in the catalogue's transaction. All of them take the roll-up lock first.
 */
@ApplicationScoped
class RollupStore {

  /** The advisory lock that serialises roll-up work across nodes (the bytes of "lessonw", 1). */
  static final long SETTLE_LOCK = 0x6c6573736f6e7701L;

  /** The longest one roll-up batch may run (about a second at 10 M sessions under load). */
  static final Duration BATCH_LIMIT = Duration.ofMinutes(2);

  /** The longest a lesson write waits for the roll-up lock (a batch or rebuild in flight). */
  static final Duration CATALOGUE_LOCK_WAIT = Duration.ofSeconds(30);

  /** The longest a course's learners may take to be rebuilt when a lesson moves. */
  static final Duration REBUILD_LIMIT = Duration.ofMinutes(10);

  @PersistenceContext(unitName = "engagement")
  EntityManager em;

  /**
   * Makes sure the roll-ups count days in {@code zone}, emptying them (and marking every session
   * unsettled) if they were made for another one. Returns whether they had to be rebuilt. Waits at
   * most {@code lockTimeout} for each lock it needs (the roll-up lock, then the rows a reset
   * changes); past that, fails with a message that names the roll-up lock's holder.
   */
  @Transactional
  public boolean prepare(String zone, Duration lockTimeout) {
    return LongStatements.within(
        em, LongStatements.UNBOUNDED, () -> prepareUnbounded(zone, lockTimeout));
  }

  private boolean prepareUnbounded(String zone, Duration lockTimeout) {
    String holder = holderOfRollupLock();
    em.createNativeQuery("SELECT set_config('lock_timeout', ?1, true)")
        .setParameter(1, Math.max(1, lockTimeout.toMillis()) + "ms")
        .getSingleResult();
    waitingAtMost(
        lockTimeout,
        "the roll-up lock, held by "
            + (holder == null ? "another session" : holder)
            + " (another node may be rolling up or rebuilding the roll-ups)",
        this::lockRollups);
    List<?> current =
        em.createNativeQuery("SELECT time_zone FROM session_rollup_state FOR UPDATE")
            .getResultList();
    if (!current.isEmpty() && zone.equals(current.get(0))) {
      return false;
    }
    waitingAtMost(
        lockTimeout,
        "the sessions and roll-ups that a time-zone reset changes",
        () ->
            em.createNativeQuery("SELECT reset_session_rollups(?1)")
                .setParameter(1, zone)
                .getSingleResult());
    return !current.isEmpty();
  }

  /** Runs a statement that waits for locks, turning PostgreSQL's lock timeout into a message. */
  private static void waitingAtMost(Duration limit, String what, Runnable locking) {
    try {
      locking.run();
    } catch (PersistenceException e) {
      if (!isLockTimeout(e)) {
        throw e;
      }
      throw new IllegalStateException(
          "gave up after "
              + limit.toSeconds()
              + " s (engagement.startup.lock-timeout) waiting for "
              + what,
          e);
    }
  }

  /**
   * Rolls up at most {@code batch} settled sessions; returns how many. One node at a time: a batch
   * adds each learner's days to those already rolled up, so it must see the batch before it.
   */
  @Transactional
  public int settle(Instant settleBefore, String zone, int batch) {
    if (!tryLockRollups()) {
      return 0; // another node's batch or rebuild is in flight: the next round settles these
    }
    return LongStatements.within(em, BATCH_LIMIT, () -> settleLocked(settleBefore, zone, batch));
  }

  private int settleLocked(Instant settleBefore, String zone, int batch) {
    return ((Number)
            em.createNativeQuery("SELECT settle_sessions(?1, ?2, ?3)")
                .setParameter(1, settleBefore)
                .setParameter(2, zone)
                .setParameter(3, batch)
                .getSingleResult())
        .intValue();
  }

  /**
   * When the session that has waited longest to be rolled up was settled: when it ended, or {@code
   * gap} after its last heartbeat; {@code null} when none waits. Reads only the sessions not rolled
   * up (the partial index {@code watch_sessions_unsettled}).
   */
  @Transactional
  public Instant oldestUnrolledSettledAt(Instant now, Duration gap) {
    Object[] oldest =
        (Object[])
            em.createNativeQuery(
                    "SELECT min(ended_at), min(last_heartbeat_at) FILTER (WHERE ended_at IS NULL"
                        + " AND last_heartbeat_at < ?1) FROM watch_sessions WHERE NOT rolled_up")
                .setParameter(1, now.minus(gap))
                .getSingleResult();
    Instant ended = ReportScope.instant(oldest[0]);
    Instant idle = ReportScope.instant(oldest[1]);
    if (idle != null) {
      idle = idle.plus(gap);
    }
    return ended == null ? idle : idle == null || ended.isBefore(idle) ? ended : idle;
  }

  /**
   * Deletes at most {@code batch} rolled-up sessions that started before {@code cutoff} (the start
   * of {@code cutoffDay} in the roll-ups' zone), and trims the per-learner days before that day
   * from at most {@code batch} learners' roll-ups, and forgets at most {@code batch} lessons
   * completed by coverage whose latest such session started before that day, and at most {@code
   * batch} of the learners' days per lesson before it; returns how many rows it changed, 0 when a
   * roll-up batch is in flight (the next round does it). The roll-ups' counters and day steps stay.
   */
  @Transactional
  public int purge(Instant cutoff, LocalDate cutoffDay, int batch) {
    if (!tryLockRollups()) {
      return 0;
    }
    return LongStatements.within(
        em,
        BATCH_LIMIT,
        () -> {
          int sessions =
              em.createNativeQuery(
                      "DELETE FROM watch_sessions WHERE session_id = ANY (ARRAY("
                          + "SELECT session_id FROM watch_sessions WHERE rolled_up"
                          + " AND started_at < ?1 ORDER BY started_at LIMIT ?2))")
                  .setParameter(1, cutoff)
                  .setParameter(2, batch)
                  .executeUpdate();
          int learners = 0;
          for (String table : List.of("learner_rollups", "course_learner_rollups")) {
            learners +=
                em.createNativeQuery(
                        "UPDATE "
                            + table
                            + " t SET active_days = t.active_days * datemultirange(daterange(?1,"
                            + " NULL)), completed_days = t.completed_days"
                            + " * datemultirange(daterange(?1, NULL))"
                            + " WHERE t.ctid = ANY (ARRAY(SELECT ctid FROM "
                            + table
                            + " WHERE lower(active_days) < ?1 LIMIT ?2))")
                    .setParameter(1, cutoffDay)
                    .setParameter(2, batch)
                    .executeUpdate();
            em.createNativeQuery("DELETE FROM " + table + " WHERE isempty(active_days)")
                .executeUpdate();
          }
          int covered = deleteDaysBefore("learner_lesson_coverage", "last_day", cutoffDay, batch);
          int days = deleteDaysBefore("lesson_learner_days", "day", cutoffDay, batch);
          return sessions + learners + covered + days;
        });
  }

  /** Deletes at most {@code batch} rows of {@code table} whose {@code column} is before the day. */
  private int deleteDaysBefore(String table, String column, LocalDate cutoffDay, int batch) {
    return em.createNativeQuery(
            "DELETE FROM "
                + table
                + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM "
                + table
                + " WHERE "
                + column
                + " < ?1 LIMIT ?2))")
        .setParameter(1, cutoffDay)
        .setParameter(2, batch)
        .executeUpdate();
  }

  /**
   * Keeps the roll-ups' copy of each lesson's course (V7) in the catalogue's writing transaction: a
   * lesson that moves to another course has both courses' learners rebuilt before the move commits.
   */
  void onCatalogChanged(@Observes CatalogChanged change) {
    if (change.lesson() == null) {
      return;
    }
    LongStatements.within(
        em,
        REBUILD_LIMIT,
        () -> {
          lockForAdminWrite();
          return em.createNativeQuery("SELECT count(*) FROM put_lesson_course(?1, ?2, ?3)")
              .setParameter(1, change.lesson().kind().wireName())
              .setParameter(2, change.lesson().id())
              .setParameter(3, change.courseId())
              .getSingleResult();
        });
  }

  /**
   * For an admin's write that changes what the roll-ups count (a lesson's course, an erased
   * learner): waits at most {@link #CATALOGUE_LOCK_WAIT}, longer than a request would, for a
   * roll-up batch or rebuild in flight, and holds off others until this transaction ends.
   */
  void lockForAdminWrite() {
    em.createNativeQuery("SELECT set_config('lock_timeout', ?1, true)")
        .setParameter(1, CATALOGUE_LOCK_WAIT.toMillis() + "ms")
        .getSingleResult();
    lockRollups();
  }

  /**
   * Waits for a roll-up batch in flight (on any node) to commit, and keeps the next one from
   * starting until this transaction ends: no session is then held by the roll-up job. For the
   * heartbeats whose sessions a batch held; they wait here before taking any lock of their own.
   */
  void awaitBatchInFlight() {
    em.createNativeQuery("SELECT count(*) FROM pg_advisory_xact_lock_shared(?1)")
        .setParameter(1, SETTLE_LOCK)
        .getSingleResult();
  }

  /**
   * Who holds the roll-up lock now, as PostgreSQL sees them (process id, application, client
   * address, state and the start of their statement), or {@code null} if nobody does.
   */
  private String holderOfRollupLock() {
    List<?> holders =
        em.createNativeQuery(
                "SELECT format('PostgreSQL process %s (application \"%s\", client %s, %s since %s:"
                    + " %s)', a.pid, a.application_name, coalesce(host(a.client_addr), 'local'),"
                    + " a.state, date_trunc('second', a.state_change),"
                    + " left(regexp_replace(a.query, '\\s+', ' ', 'g'), 80))"
                    + " FROM pg_locks l JOIN pg_stat_activity a USING (pid)"
                    + " WHERE l.locktype = 'advisory' AND l.granted"
                    + " AND l.classid = CAST((?1 >> 32) AS oid)"
                    + " AND l.objid = CAST((?1 & 4294967295) AS oid) AND l.objsubid = 1")
            .setParameter(1, SETTLE_LOCK)
            .getResultList();
    return holders.isEmpty()
        ? null
        : String.join("; ", holders.stream().map(String::valueOf).toList());
  }

  private static boolean isLockTimeout(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && "55P03".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** Takes the roll-up lock if no batch or rebuild holds it, without waiting. */
  private boolean tryLockRollups() {
    return (Boolean)
        em.createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)")
            .setParameter(1, SETTLE_LOCK)
            .getSingleResult();
  }

  /**
   * Waits for any roll-up batch or rebuild in flight (on any node) and holds off others until this
   * transaction ends; statements after it see every earlier one's work.
   */
  private void lockRollups() {
    em.createNativeQuery("SELECT count(*) FROM pg_advisory_xact_lock(?1)")
        .setParameter(1, SETTLE_LOCK)
        .getSingleResult();
  }
}
