package org.lessonwatch.web.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads what the application stored, straight from PostgreSQL. */
public final class TestDatabase {

  private TestDatabase() {}

  public static String url() {
    return System.getProperty("it.db.url", "jdbc:postgresql://localhost:5432/engagement_it");
  }

  public static String user() {
    return System.getProperty("it.db.user", "engagement");
  }

  public static String password() {
    return System.getProperty("it.db.password", "engagement");
  }

  public static Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), user(), password());
  }

  /** One stored watch session. */
  public record StoredSession(
      long id,
      int number,
      int maxPositionSec,
      Integer durationSec,
      boolean ended,
      boolean completed,
      int heartbeatCount) {}

  /** The learner's sessions for a lesson, in session-number order. */
  public static List<StoredSession> sessions(String learner, String kind, long contentId) {
    String sql =
        "SELECT session_id, session_number, max_position_sec, duration_sec,"
            + " ended_at IS NOT NULL, completed_at IS NOT NULL, heartbeat_count"
            + " FROM watch_sessions WHERE learner_sub = ? AND content_kind = ? AND content_id = ?"
            + " ORDER BY session_number";
    try (Connection connection = connect();
        var statement = connection.prepareStatement(sql)) {
      statement.setString(1, learner);
      statement.setString(2, kind);
      statement.setLong(3, contentId);
      List<StoredSession> sessions = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          sessions.add(
              new StoredSession(
                  rows.getLong(1),
                  rows.getInt(2),
                  rows.getInt(3),
                  (Integer) rows.getObject(4),
                  rows.getBoolean(5),
                  rows.getBoolean(6),
                  rows.getInt(7)));
        }
      }
      return sessions;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A single value from a query with string parameters. */
  public static Object value(String sql, Object... parameters) {
    try (Connection connection = connect();
        var statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getObject(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Moves the start of the learner's sessions that have not been rolled up {@code by} earlier, as
   * if their player had been playing that much longer: the service refuses more played media than
   * the time since a session started allows (docs/api.md), and a test that plays a long stretch at
   * once gives its session that time first.
   */
  public static void startedEarlier(String learner, java.time.Duration by) {
    try (Connection connection = connect();
        var statement =
            connection.prepareStatement(
                "UPDATE watch_sessions SET started_at = started_at - make_interval(secs => ?)"
                    + " WHERE learner_sub = ? AND NOT rolled_up")) {
      statement.setDouble(1, by.toMillis() / 1000.0);
      statement.setString(2, learner);
      if (statement.executeUpdate() == 0) {
        throw new IllegalStateException("no session of " + learner + " to start earlier");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Deletes every admin account, so that a deployment made next starts with none (the bootstrap
   * admin is created only then). Does nothing before the schema exists.
   */
  public static void removeAdminAccounts() {
    try (Connection connection = connect();
        var statement = connection.createStatement()) {
      if (value("SELECT to_regclass('dashboard_accounts')::text") != null) {
        statement.executeUpdate(
            "DELETE FROM dashboard_accounts WHERE username IN"
                + " (SELECT username FROM dashboard_account_roles WHERE role = 'admin')");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
