package org.lessonwatch.web.startup;

import static org.lessonwatch.web.startup.FailedStartup.assertFailedLoudly;
import static org.lessonwatch.web.startup.FailedStartup.assertLogged;

import java.net.URL;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lessonwatch.web.testing.ApiClient;
import org.lessonwatch.web.testing.Deployments;
import org.lessonwatch.web.testing.ServerOutput;
import org.lessonwatch.web.testing.TestDatabase;

/**
 * Start-up waits for the roll-up lock (which another node's batch or rebuild may hold) only as long
 * as {@code engagement.startup.lock-timeout}, then fails loudly, naming who holds it: here this
 * test, which takes the lock before the server starts and keeps it.
 */
@ExtendWith(ArquillianExtension.class)
class LockTimeoutIT {

  /** The roll-up lock of RollupStore. */
  static final long ROLLUP_LOCK = 0x6c6573736f6e7701L;

  static Connection holder;

  static final ServerOutput LOG = ServerOutput.capture();

  @Deployment(testable = false)
  static WebArchive deployment() throws SQLException {
    Properties login = new Properties();
    login.setProperty("user", TestDatabase.user());
    login.setProperty("password", TestDatabase.password());
    login.setProperty("ApplicationName", "LockTimeoutIT");
    holder = DriverManager.getConnection(TestDatabase.url(), login);
    try (Statement sql = holder.createStatement()) {
      sql.execute("SELECT pg_advisory_lock(" + ROLLUP_LOCK + ")");
    }
    return Deployments.engagementWar(Map.of("engagement.startup.lock-timeout", "PT2S"));
  }

  @ArquillianResource URL base;

  @AfterAll
  static void releaseLock() throws SQLException {
    holder.close();
  }

  @Test
  void startUpGivesUpOnAHeldRollupLockAfterTheTimeoutNamingItsHolder() {
    assertFailedLoudly(new ApiClient(base), "roll-up preparation");
    assertLogged(
        LOG,
        "Lessonwatch did not start: roll-up preparation failed",
        "gave up after 2 s (engagement.startup.lock-timeout) waiting for the roll-up lock",
        "application \"LockTimeoutIT\"");
  }
}
