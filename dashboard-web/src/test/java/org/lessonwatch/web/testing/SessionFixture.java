package org.lessonwatch.web.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.lessonwatch.web.testing.Catalog.LessonRef;

/**
 * Writes watch sessions with exact timestamps straight into the database, for analytics tests that
 * need sessions from other days than today. Times are local times in the given zone.
 */
public final class SessionFixture {

  private final ZoneId zone;

  /** The connection of {@link #together}'s transaction while it runs; otherwise {@code null}. */
  private Connection shared;

  public SessionFixture(ZoneId zone) {
    this.zone = zone;
  }

  /**
   * Writes the sessions that {@code writes} adds in one transaction. The roll-up job runs every
   * second in the tests: sessions written one by one can be rolled up (and, with {@code
   * engagement.retention}, deleted) in different rounds, where a test means them to arrive
   * together.
   */
  public void together(Runnable writes) {
    try (Connection connection = TestDatabase.connect()) {
      connection.setAutoCommit(false);
      shared = connection;
      try {
        writes.run();
        connection.commit();
      } finally {
        shared = null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public Instant at(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
  }

  /** A session; {@code ended} and {@code completed} may be {@code null}. */
  public void session(
      String learner,
      LessonRef lesson,
      int number,
      Instant started,
      Instant lastHeartbeat,
      Instant ended,
      Instant completed,
      Integer durationSec,
      int maxPositionSec) {
    session(
        learner,
        lesson,
        number,
        started,
        lastHeartbeat,
        ended,
        completed,
        durationSec,
        maxPositionSec,
        false);
  }

  /**
   * A session; with {@code playedAll}, one whose player reported played ranges covering the first
   * {@code maxPositionSec} seconds and completed by coverage at {@code completed}, if given.
   */
  public void session(
      String learner,
      LessonRef lesson,
      int number,
      Instant started,
      Instant lastHeartbeat,
      Instant ended,
      Instant completed,
      Integer durationSec,
      int maxPositionSec,
      boolean playedAll) {
    String sql =
        "INSERT INTO watch_sessions (session_id, learner_sub, content_kind, content_id,"
            + " session_number, started_at, last_heartbeat_at, ended_at, completed_at,"
            + " duration_sec, duration_reported, max_position_sec, heartbeat_count,"
            + " coverage_tracked, watched, watched_sec, coverage_completed_at)"
            + " VALUES (4000000000000000000 + nextval('test_fixture_session_ids'),"
            + " ?, ?, ?, ?, ?, ?, ?, ?, ?, true, ?, 1, ?,"
            + " CASE WHEN ? THEN int4multirange(int4range(0, ?)) ELSE '{}' END,"
            + " CASE WHEN ? THEN ? ELSE 0 END, ?)";
    // within together(), its transaction's connection; otherwise one of its own
    try (Connection own = shared == null ? TestDatabase.connect() : null;
        var statement = (own == null ? shared : own).prepareStatement(sql)) {
      // Ids far above the application's own, so the two never collide.
      statement
          .getConnection()
          .createStatement()
          .execute("CREATE SEQUENCE IF NOT EXISTS test_fixture_session_ids");
      statement.setString(1, learner);
      statement.setString(2, lesson.kind());
      statement.setLong(3, lesson.id());
      statement.setInt(4, number);
      statement.setTimestamp(5, Timestamp.from(started));
      statement.setTimestamp(6, Timestamp.from(lastHeartbeat));
      statement.setTimestamp(7, ended == null ? null : Timestamp.from(ended));
      statement.setTimestamp(8, completed == null ? null : Timestamp.from(completed));
      statement.setObject(9, durationSec);
      statement.setInt(10, maxPositionSec);
      statement.setBoolean(11, playedAll);
      statement.setBoolean(12, playedAll && maxPositionSec > 0);
      statement.setInt(13, maxPositionSec);
      statement.setBoolean(14, playedAll);
      statement.setInt(15, maxPositionSec);
      statement.setTimestamp(16, playedAll && completed != null ? Timestamp.from(completed) : null);
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
