package org.lessonwatch.engagement;

import jakarta.resource.ResourceException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.hibernate.exception.JDBCConnectionException;

/**
 * Tells "the database is unreachable or not answering in time" apart from other failures, through
 * any wrapping: the failures a client may retry after a while (503), not bugs (500).
 */
public final class DatabaseFailures {

  /**
   * SQL states of a server shutting down or refusing connections, of too many connections, and of
   * statements cancelled by the statement or lock timeout (class 08, connection exceptions, is
   * added below).
   */
  private static final Set<String> UNAVAILABLE_STATES =
      Set.of("57P01", "57P02", "57P03", "53300", "57014", "55P03");

  private DatabaseFailures() {}

  public static boolean isUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof JDBCConnectionException
          || t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException
          || t instanceof ResourceException) {
        return true;
      }
      if (t instanceof SQLException sql && isUnavailableState(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isUnavailableState(String state) {
    return state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state));
  }
}
