package org.lessonwatch.engagement.internal;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import org.hibernate.Session;
import org.lessonwatch.content.ContentKind;
import org.lessonwatch.content.ContentRef;

/**
 * What every report shares: the SQL that picks a window's sessions and roll-ups, the metric
 * definitions written once, one snapshot per report, and the binding of a {@link ReportWindow} to a
 * statement's parameters. Every metric is an aggregate over the sessions of a set of lessons that
 * started in a window, computed by PostgreSQL: settled sessions (see
 * R__session_rollup_functions.sql) from the roll-ups, the others from {@code watch_sessions}
 * itself, added up by the report classes ({@link SummaryReports}, {@link DistinctLearners}, {@link
 * RetentionReports}, {@link CoverageReports}, {@link LearnerReports}) so that each session counts
 * once.
 */
@ApplicationScoped
class ReportScope {

  /** {@code scope(kind, id)}: the window's lessons, bound as two parallel arrays. */
  static final String SCOPE =
      """
      WITH scope(kind, id) AS (
        SELECT * FROM unnest(CAST(:kinds AS varchar[]), CAST(:ids AS bigint[])))
      """;

  /** Which of the window's sessions a statement reads as {@code s}. */
  enum Sessions {
    /** Every session of the window's lessons that started in [:from, :to). */
    ALL(""),
    /** Those of them that the roll-ups do not hold yet. */
    UNSETTLED("NOT ws.rolled_up AND ");

    /** {@link ReportScope#SCOPE} and {@code s}; a statement follows it. */
    private final String sql;

    /**
     * One index probe per lesson ({@code OFFSET 0} keeps PostgreSQL from turning the lateral
     * subquery back into a join). Joined, the planner's choice rests on its estimate of the
     * unsettled rows, which is stale between two ANALYZEs of a table of millions (src/bench,
     * docs/benchmark.md: a course page read all 47,000 unsettled sessions to find its 900).
     */
    Sessions(String condition) {
      sql =
          SCOPE
              + """
              , s AS (
                SELECT ws.* FROM scope CROSS JOIN LATERAL (
                  SELECT * FROM watch_sessions ws
                  WHERE ws.content_kind = scope.kind AND ws.content_id = scope.id
                    AND %sws.started_at >= :from AND ws.started_at < :to OFFSET 0) ws)
              """
                  .formatted(condition);
    }
  }

  /** {@link #SCOPE} and {@code s}, the window's sessions; a statement follows it. */
  static String sessions(Sessions which) {
    return which.sql;
  }

  /** {@link #SCOPE} and {@code r}, the roll-up rows of the window's lessons and days. */
  static final String ROLLUPS =
      SCOPE
          + """
          , r AS (
            SELECT sr.* FROM session_rollups sr
            JOIN scope ON sr.content_kind = scope.kind AND sr.content_id = scope.id
            WHERE sr.day >= :fromDay AND sr.day < :toDay)
          """;

  /**
   * {@code u(learner_sub, completed)}: the learners with a session of course {@code :course} not
   * rolled up yet (active within the last session gap), and whether one of those is completed; what
   * the per-learner course roll-ups do not hold yet. A CTE for a {@code WITH} list.
   */
  static final String COURSE_UNSETTLED_LEARNERS =
      """
      u AS (
        SELECT ws.learner_sub, bool_or(ws.completed_at IS NOT NULL) AS completed
        FROM rollup_lesson_courses c CROSS JOIN LATERAL (
          SELECT * FROM watch_sessions ws WHERE ws.content_kind = c.content_kind
            AND ws.content_id = c.content_id AND NOT ws.rolled_up OFFSET 0) ws
        WHERE c.course_id = :course
        GROUP BY ws.learner_sub)
      """;

  // The metric definitions are SQL functions of R__session_rollup_functions.sql, shared with the
  // roll-up job; PostgreSQL inlines them. Here they are applied to a session's columns.

  /** Closed: completed, ended, or idle longer than the session gap. */
  static final String CLOSED =
      "session_closed(completed_at, ended_at, last_heartbeat_at, :idleBefore)";

  /** Dropped: closed without being completed. */
  static final String DROPPED =
      "session_dropped(completed_at, ended_at, last_heartbeat_at, :idleBefore)";

  /** Complete by position, but under half of the video watched. */
  static final String SKIPPED_AHEAD =
      "session_skipped_ahead(coverage_tracked, completed_at, watched_sec, duration_sec)";

  private static final Pattern FROM = Pattern.compile(":from\\b");
  private static final Pattern FROM_DAY = Pattern.compile(":fromDay\\b");
  private static final Pattern IDLE_BEFORE = Pattern.compile(":idleBefore\\b");

  /**
   * The reports' unit: their own pool, on {@code engagement.db.read-url} when that names a
   * streaming replica. A hot standby gives a REPEATABLE READ transaction one snapshot too, so the
   * roll-ups and the unsettled rows a report adds up stay consistent there.
   */
  @PersistenceContext(unitName = "reports")
  EntityManager em;

  @Resource TransactionSynchronizationRegistry transaction;

  /**
   * How far the reports' database is behind the primary: zero on the primary itself, and on a
   * replica that streams from the primary and has replayed all it has received. Otherwise (changes
   * received and not replayed yet, or no connection to the primary, so that nothing arrives) the
   * time since the last transaction it replayed committed on the primary, or, if it has replayed
   * none since it started, since it started: how old its figures may be.
   */
  Duration replicaLag() {
    Number seconds =
        (Number)
            em.createNativeQuery(
                    """
                    SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0
                      WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()
                        AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver) THEN 0
                      ELSE extract(epoch FROM clock_timestamp()
                        - coalesce(pg_last_xact_replay_timestamp(), pg_postmaster_start_time()))
                      END
                    """)
                .getSingleResult();
    return Duration.ofMillis(Math.max(0, Math.round(seconds.doubleValue() * 1000)));
  }

  /**
   * Makes the current transaction read one snapshot of the database (REPEATABLE READ, read only),
   * if it does not yet: the first call must come before any other statement of the transaction, and
   * the later ones (the other reports of a page, {@link SqlEngagementAnalytics#inOneSnapshot}) send
   * nothing.
   */
  void useOneSnapshot() {
    if (transaction.getResource(ReportScope.class) != null) {
      return;
    }
    // Distinct learners are counted in a hash table, one entry per learner (and lesson): a course
    // with 100,000 sessions in range needs about 15 MB, which PostgreSQL's default of 4 MB would
    // spill to disk. For this transaction only. Both settings in one round trip (the driver sends
    // the two statements together).
    em.createNativeQuery(
            "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET LOCAL work_mem = '64MB'")
        .executeUpdate();
    transaction.putResource(ReportScope.class, Boolean.TRUE);
  }

  /** A statement with the window bound to the parameters it names. */
  Query query(String sql, ReportWindow window) {
    Query query =
        sql.contains(":kinds") ? lessonsQuery(sql, window.lessons()) : em.createNativeQuery(sql);
    if (FROM.matcher(sql).find()) {
      query.setParameter("from", window.from());
      query.setParameter("to", window.to());
    }
    if (FROM_DAY.matcher(sql).find()) {
      query.setParameter("fromDay", window.fromDay());
      query.setParameter("toDay", window.toDay());
    }
    if (IDLE_BEFORE.matcher(sql).find()) {
      query.setParameter("idleBefore", window.idleBefore());
    }
    return query;
  }

  /** A statement with {@link #SCOPE}'s {@code :kinds} and {@code :ids} bound to {@code lessons}. */
  Query lessonsQuery(String sql, Collection<ContentRef> lessons) {
    Query query = em.createNativeQuery(sql);
    query.setParameter(
        "kinds", lessons.stream().map(r -> r.kind().wireName()).toArray(String[]::new));
    query.setParameter("ids", lessons.stream().map(ContentRef::id).toArray(Long[]::new));
    return query;
  }

  /** Binds a JDBC statement's parameters. */
  interface Binding {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /** Takes one row of a JDBC result. */
  interface RowReader {
    void read(ResultSet row) throws SQLException;
  }

  /**
   * Runs {@code sql} with plain JDBC on the transaction's connection (so in its snapshot), handing
   * each row to {@code rows}: for statements of many thousand rows, where Hibernate's handling of a
   * native query's rows (an array of objects per row, each value through its type system) costs
   * more.
   */
  void read(String sql, Binding parameters, RowReader rows) {
    em.unwrap(Session.class)
        .doWork(
            connection -> {
              try (PreparedStatement statement = connection.prepareStatement(sql)) {
                parameters.bind(statement);
                try (ResultSet result = statement.executeQuery()) {
                  while (result.next()) {
                    rows.read(result);
                  }
                }
              }
            });
  }

  /** A statement whose parameters the caller binds. */
  Query statement(String sql) {
    return em.createNativeQuery(sql);
  }

  /** The rows of {@link #query}. */
  List<Object[]> rows(String sql, ReportWindow window) {
    return results(query(sql, window));
  }

  /** A statement about one lesson, with {@code :kind}, {@code :id}, {@code :from}, {@code :to}. */
  Query lessonQuery(String sql, ContentRef lesson, Instant from, Instant to) {
    Query query = em.createNativeQuery(sql);
    query.setParameter("kind", lesson.kind().wireName());
    query.setParameter("id", lesson.id());
    query.setParameter("from", from);
    query.setParameter("to", to);
    return query;
  }

  @SuppressWarnings("unchecked")
  static List<Object[]> results(Query query) {
    return query.getResultList();
  }

  /** The lesson named by a row's first two columns (kind, id). */
  static ContentRef lesson(Object[] row) {
    return new ContentRef(ContentKind.fromWireName((String) row[0]).orElseThrow(), count(row[1]));
  }

  static long count(Object value) {
    return ((Number) value).longValue();
  }

  static int whole(Object value) {
    return ((Number) value).intValue();
  }

  static Integer wholeOrNull(Object value) {
    return value == null ? null : ((Number) value).intValue();
  }

  /** A bigint[] result as longs; SQL NULL (no roll-up rows) as none. */
  static long[] longs(Object value) {
    if (value == null) {
      return new long[0];
    }
    if (value instanceof long[] longs) {
      return longs;
    }
    Object[] values;
    try {
      values =
          (Object[]) (value instanceof java.sql.Array array ? array.getArray() : (Object[]) value);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("unreadable counter array", e);
    }
    long[] longs = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      longs[i] = values[i] == null ? 0 : ((Number) values[i]).longValue();
    }
    return longs;
  }

  static long at(long[] values, int i) {
    return i < values.length ? values[i] : 0;
  }

  static LocalDate date(Object value) {
    return value instanceof java.sql.Date sql ? sql.toLocalDate() : (LocalDate) value;
  }

  static Instant instant(Object value) {
    if (value instanceof Timestamp timestamp) {
      return timestamp.toInstant();
    }
    if (value instanceof OffsetDateTime offset) {
      return offset.toInstant();
    }
    return (Instant) value;
  }
}
