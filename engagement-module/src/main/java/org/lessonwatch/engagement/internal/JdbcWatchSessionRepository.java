package org.lessonwatch.engagement.internal;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import javax.sql.DataSource;

/**
 * {@link WatchSessionRepository} in plain JDBC on PostgreSQL, set-based: a whole group of
 * heartbeats locks its sequences in one statement, reads its sessions in another and stores what it
 * changed in a third, each with the rows as arrays. (Through JPA the writes cost a third of the
 * heartbeat writers' time, mostly building queries, reading rows into entities and checking them
 * for changes: see {@code docs/benchmark.md}.) Each call takes the connection of the JTA
 * transaction, which the pool hands out again to every call in the same transaction.
 */
@ApplicationScoped
class JdbcWatchSessionRepository implements WatchSessionRepository {

  /** The primary's pool, as the web module's {@code DataSourceConfiguration} defines it. */
  @Resource(lookup = "java:app/jdbc/engagement")
  DataSource dataSource;

  /**
   * One statement creates the rows of first heartbeats and locks the others (the no-op update takes
   * the row lock, FOR NO KEY UPDATE strength), in key order, and returns them. Concurrent first
   * heartbeats: one inserts, the others wait for its commit and then take the lock.
   */
  private static final String LOCK_SEQUENCES =
      """
      INSERT INTO watch_session_sequences AS q
        (learner_sub, content_kind, content_id, last_session_number)
      SELECT k.learner_sub, k.content_kind, k.content_id, 0
      FROM unnest(cast(? as text[]), cast(? as text[]), cast(? as bigint[]))
        AS k(learner_sub, content_kind, content_id)
      ORDER BY 1, 2, 3
      ON CONFLICT (learner_sub, content_kind, content_id)
      DO UPDATE SET last_session_number = q.last_session_number
      RETURNING q.learner_sub, q.content_kind, q.content_id, q.last_session_number""";

  private static final String SESSION_COLUMNS =
      """
      s.session_id, s.learner_sub, s.content_kind, s.content_id, s.session_number, s.started_at,
      s.last_heartbeat_at, s.ended_at, s.completed_at, s.duration_sec, s.duration_reported,
      s.max_position_sec, s.heartbeat_count, s.coverage_tracked, s.watched::text, s.watched_sec,
      s.coverage_completed_at, s.played_ds_by_10s, s.seen_sec_by_10s, s.rolled_up""";

  private static final String SELECT_LATEST =
      "SELECT "
          + SESSION_COLUMNS
          + """
           FROM watch_sessions s
          JOIN unnest(cast(? as text[]), cast(? as text[]), cast(? as bigint[]), cast(? as int[]))
            AS k(learner_sub, content_kind, content_id, session_number)
            USING (learner_sub, content_kind, content_id, session_number)""";

  /**
   * The columns a heartbeat changes, in the order of the arrays bound for them. Times go as text
   * (ISO-8601), the per-stretch counts as array literals and the watched seconds as a multirange
   * literal, since an array of arrays does not unnest into rows of arrays.
   */
  private static final String CHANGING_COLUMNS =
      """
      last_heartbeat_at, ended_at, completed_at, duration_sec, duration_reported,
      max_position_sec, heartbeat_count, coverage_tracked, watched, watched_sec,
      coverage_completed_at, played_ds_by_10s, seen_sec_by_10s""";

  private static final String CHANGING_ARRAYS =
      """
      cast(cast(? as text[]) as timestamptz[]), cast(cast(? as text[]) as timestamptz[]),
      cast(cast(? as text[]) as timestamptz[]), cast(? as int[]), cast(? as boolean[]),
      cast(? as int[]), cast(? as int[]), cast(? as boolean[]), cast(? as text[]),
      cast(? as int[]), cast(cast(? as text[]) as timestamptz[]), cast(? as text[]),
      cast(? as text[])""";

  /** The values of {@link #CHANGING_COLUMNS} from the arrays' rows, named {@code rows}. */
  private static final String CHANGING_VALUES =
      """
      rows.last_heartbeat_at, rows.ended_at, rows.completed_at, rows.duration_sec,
      rows.duration_reported, rows.max_position_sec, rows.heartbeat_count, rows.coverage_tracked,
      cast(rows.watched as int4multirange), rows.watched_sec, rows.coverage_completed_at,
      cast(rows.played_ds_by_10s as int[]), cast(rows.seen_sec_by_10s as int[])""";

  /**
   * Inserts the started sessions (ids from {@code watch_sessions_seq}), stores the numbers their
   * sequences handed out and updates the changed sessions, returning the new sessions' ids. The
   * sequence was made for a pooled generator that takes 50 ids per call; each new session takes one
   * call's value, so ids are unique but 50 apart.
   */
  private static final String WRITE =
      """
      WITH started AS (
        SELECT * FROM unnest(cast(? as text[]), cast(? as text[]), cast(? as bigint[]),
          cast(? as int[]), cast(cast(? as text[]) as timestamptz[]),
      """
          + CHANGING_ARRAYS
          + """
        ) AS s(learner_sub, content_kind, content_id, session_number, started_at,
      """
          + CHANGING_COLUMNS
          + """
        )
      ), inserted AS (
        INSERT INTO watch_sessions (session_id, learner_sub, content_kind, content_id,
          session_number, started_at,
      """
          + CHANGING_COLUMNS
          + """
        ) SELECT nextval('watch_sessions_seq'), rows.learner_sub, rows.content_kind,
          rows.content_id, rows.session_number, rows.started_at,
      """
          + CHANGING_VALUES
          + """
        FROM started rows
        RETURNING session_id, learner_sub, content_kind, content_id, session_number
      ), numbered AS (
        UPDATE watch_session_sequences q SET last_session_number = n.last
        FROM (SELECT learner_sub, content_kind, content_id, max(session_number) AS last
              FROM started GROUP BY 1, 2, 3) n
        WHERE (q.learner_sub, q.content_kind, q.content_id)
          = (n.learner_sub, n.content_kind, n.content_id)
      ), changed AS (
        SELECT * FROM unnest(cast(? as bigint[]),
      """
          + CHANGING_ARRAYS
          + """
        ) AS c(session_id,
      """
          + CHANGING_COLUMNS
          + """
        )
      ), updated AS (
        UPDATE watch_sessions w SET (
      """
          + CHANGING_COLUMNS
          + """
        ) = (
      """
          + CHANGING_VALUES
          + """
        ) FROM changed rows WHERE w.session_id = rows.session_id
      )
      SELECT session_id, learner_sub, content_kind, content_id, session_number FROM inserted""";

  @Override
  public Map<StreamKey, SessionSequence> lockSequences(Collection<StreamKey> keys) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement upsert = connection.prepareStatement(LOCK_SEQUENCES)) {
      bindKeys(connection, upsert, keys);
      Map<StreamKey, SessionSequence> sequences = new HashMap<>();
      try (ResultSet rows = upsert.executeQuery()) {
        while (rows.next()) {
          var key = new StreamKey(rows.getString(1), rows.getString(2), rows.getLong(3));
          sequences.put(key, new SessionSequence(key, rows.getInt(4)));
        }
      }
      return sequences;
    } catch (SQLException e) {
      throw failed("locking the sequences", e);
    }
  }

  @Override
  public Map<StreamKey, WatchSession> latestSessions(
      Collection<SessionSequence> sequences, HeldSessions held) {
    return selectLatest(
        sequences, " FOR NO KEY UPDATE OF s" + (held == HeldSessions.SKIP ? " SKIP LOCKED" : ""));
  }

  @Override
  public Map<StreamKey, WatchSession> readLatestSessions(Collection<SessionSequence> sequences) {
    return selectLatest(sequences, "");
  }

  private Map<StreamKey, WatchSession> selectLatest(
      Collection<SessionSequence> sequences, String locking) {
    List<SessionSequence> started =
        sequences.stream().filter(SessionSequence::hasSessions).toList();
    if (started.isEmpty()) {
      return Map.of();
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(SELECT_LATEST + locking)) {
      bindKeys(connection, select, started.stream().map(SessionSequence::key).toList());
      select.setArray(
          4,
          connection.createArrayOf(
              "int4",
              started.stream().map(SessionSequence::lastSessionNumber).toArray(Integer[]::new)));
      Map<StreamKey, WatchSession> latest = new HashMap<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          WatchSession session = WatchSession.restore(stored(rows));
          latest.put(session.key(), session);
        }
      }
      return latest;
    } catch (SQLException e) {
      throw failed("reading the latest sessions", e);
    }
  }

  @Override
  public void write(Collection<WatchSession> started, Collection<WatchSession> changed) {
    List<WatchSession> inserts = List.copyOf(started);
    List<WatchSession.Stored> updates = changed.stream().map(WatchSession::stored).toList();
    if (inserts.isEmpty() && updates.isEmpty()) {
      return;
    }
    List<WatchSession.Stored> insertRows = inserts.stream().map(WatchSession::stored).toList();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement write = connection.prepareStatement(WRITE)) {
      var arrays = new ArrayBinder(connection, write);
      arrays.texts(insertRows, row -> row.key().learnerSub());
      arrays.texts(insertRows, row -> row.key().contentKind());
      arrays.longs(insertRows, row -> row.key().contentId());
      arrays.ints(insertRows, WatchSession.Stored::sessionNumber);
      arrays.texts(insertRows, row -> text(row.startedAt()));
      arrays.changing(insertRows);
      arrays.longs(updates, WatchSession.Stored::id);
      arrays.changing(updates);
      Map<SessionNumber, Long> ids = new HashMap<>();
      try (ResultSet rows = write.executeQuery()) {
        while (rows.next()) {
          var key = new StreamKey(rows.getString(2), rows.getString(3), rows.getLong(4));
          ids.put(new SessionNumber(key, rows.getInt(5)), rows.getLong(1));
        }
      }
      for (WatchSession session : inserts) {
        session.stored(ids.get(new SessionNumber(session.key(), session.sessionNumber())));
      }
    } catch (SQLException e) {
      throw failed("storing the sessions", e);
    }
  }

  private record SessionNumber(StreamKey key, int number) {}

  /** Binds the next parameters, one array each, in the order of the statement's placeholders. */
  private static final class ArrayBinder {
    private final Connection connection;
    private final PreparedStatement statement;
    private int next = 1;

    ArrayBinder(Connection connection, PreparedStatement statement) {
      this.connection = connection;
      this.statement = statement;
    }

    void texts(List<WatchSession.Stored> rows, Function<WatchSession.Stored, String> column)
        throws SQLException {
      bind("text", rows, column, String[]::new);
    }

    void ints(List<WatchSession.Stored> rows, Function<WatchSession.Stored, Integer> column)
        throws SQLException {
      bind("int4", rows, column, Integer[]::new);
    }

    void longs(List<WatchSession.Stored> rows, Function<WatchSession.Stored, Long> column)
        throws SQLException {
      bind("int8", rows, column, Long[]::new);
    }

    void booleans(List<WatchSession.Stored> rows, Function<WatchSession.Stored, Boolean> column)
        throws SQLException {
      bind("bool", rows, column, Boolean[]::new);
    }

    private <V> void bind(
        String type,
        List<WatchSession.Stored> rows,
        Function<WatchSession.Stored, V> column,
        IntFunction<V[]> arrays)
        throws SQLException {
      V[] values = arrays.apply(rows.size());
      for (int i = 0; i < values.length; i++) {
        values[i] = column.apply(rows.get(i));
      }
      statement.setArray(next++, connection.createArrayOf(type, values));
    }

    /** The arrays of {@link #CHANGING_ARRAYS}. */
    void changing(List<WatchSession.Stored> rows) throws SQLException {
      texts(rows, row -> text(row.lastHeartbeatAt()));
      texts(rows, row -> text(row.endedAt()));
      texts(rows, row -> text(row.completedAt()));
      ints(rows, WatchSession.Stored::durationSec);
      booleans(rows, WatchSession.Stored::durationReported);
      ints(rows, WatchSession.Stored::maxPositionSec);
      ints(rows, WatchSession.Stored::heartbeatCount);
      booleans(rows, WatchSession.Stored::coverageTracked);
      texts(rows, row -> row.watched().toMultirange());
      ints(rows, WatchSession.Stored::watchedSec);
      texts(rows, row -> text(row.coverageCompletedAt()));
      texts(rows, row -> arrayLiteral(row.playedDsBy10s()));
      texts(rows, row -> arrayLiteral(row.seenSecBy10s()));
    }
  }

  /** Binds the keys as arrays: learners to parameter 1, content kinds to 2, content ids to 3. */
  private static void bindKeys(
      Connection connection, PreparedStatement statement, Collection<StreamKey> keys)
      throws SQLException {
    statement.setArray(
        1,
        connection.createArrayOf(
            "text", keys.stream().map(StreamKey::learnerSub).toArray(String[]::new)));
    statement.setArray(
        2,
        connection.createArrayOf(
            "text", keys.stream().map(StreamKey::contentKind).toArray(String[]::new)));
    statement.setArray(
        3,
        connection.createArrayOf(
            "int8", keys.stream().map(StreamKey::contentId).toArray(Long[]::new)));
  }

  /** A row of {@link #SESSION_COLUMNS}. */
  private static WatchSession.Stored stored(ResultSet row) throws SQLException {
    return new WatchSession.Stored(
        row.getLong(1),
        new StreamKey(row.getString(2), row.getString(3), row.getLong(4)),
        row.getInt(5),
        instant(row, 6),
        instant(row, 7),
        instant(row, 8),
        instant(row, 9),
        row.getObject(10, Integer.class),
        row.getBoolean(11),
        row.getInt(12),
        row.getInt(13),
        row.getBoolean(14),
        WatchedSeconds.parse(row.getString(15)),
        row.getInt(16),
        instant(row, 17),
        ints(row.getArray(18)),
        ints(row.getArray(19)),
        row.getBoolean(20));
  }

  private static Instant instant(ResultSet row, int column) throws SQLException {
    OffsetDateTime time = row.getObject(column, OffsetDateTime.class);
    return time == null ? null : time.toInstant();
  }

  private static int[] ints(Array array) throws SQLException {
    Object[] values = (Object[]) array.getArray();
    int[] ints = new int[values.length];
    for (int i = 0; i < ints.length; i++) {
      ints[i] = ((Number) values[i]).intValue();
    }
    array.free();
    return ints;
  }

  private static String text(Instant time) {
    return time == null ? null : time.toString();
  }

  private static String arrayLiteral(int[] values) {
    var literal = new StringBuilder(2 + 8 * values.length).append('{');
    for (int i = 0; i < values.length; i++) {
      literal.append(i == 0 ? "" : ",").append(values[i]);
    }
    return literal.append('}').toString();
  }

  private static RuntimeException failed(String what, SQLException e) {
    return new IllegalStateException(what + " failed: " + e.getMessage(), e);
  }
}
