package org.lessonwatch.web.startup;

import static org.lessonwatch.web.startup.FailedStartup.assertFailedLoudly;
import static org.lessonwatch.web.startup.FailedStartup.assertLogged;

import java.net.URL;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
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
 * A database whose migration history does not match the WAR's (V1 recorded with another checksum,
 * as after someone edited an applied migration) stops start-up loudly, naming the migration.
 */
@ExtendWith(ArquillianExtension.class)
class MigrationFailureIT {

  /** A schema of the test database, with Flyway's history table and nothing else. */
  static final String SCHEMA = "startup_failure_" + UUID.randomUUID().toString().replace("-", "");

  static final ServerOutput LOG = ServerOutput.capture();

  @Deployment(testable = false)
  static WebArchive deployment() throws SQLException {
    try (Connection connection = TestDatabase.connect();
        Statement sql = connection.createStatement()) {
      sql.execute("CREATE SCHEMA " + SCHEMA);
      sql.execute(
          "CREATE TABLE "
              + SCHEMA
              + ".flyway_schema_history (installed_rank integer PRIMARY KEY,"
              + " version varchar(50), description varchar(200) NOT NULL,"
              + " type varchar(20) NOT NULL, script varchar(1000) NOT NULL, checksum integer,"
              + " installed_by varchar(100) NOT NULL,"
              + " installed_on timestamp NOT NULL DEFAULT now(),"
              + " execution_time integer NOT NULL, success boolean NOT NULL)");
      sql.execute(
          "INSERT INTO "
              + SCHEMA
              + ".flyway_schema_history VALUES (1, '1', 'content catalogue', 'SQL',"
              + " 'V1__content_catalogue.sql', 12345, 'engagement', now(), 10, true)");
    }
    return Deployments.engagementWar(
        Map.of("engagement.db.url", TestDatabase.url() + "?currentSchema=" + SCHEMA));
  }

  @ArquillianResource URL base;

  @AfterAll
  static void dropSchema() throws SQLException {
    try (Connection connection = TestDatabase.connect();
        Statement sql = connection.createStatement()) {
      sql.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
  }

  @Test
  void aMigrationHistoryThatDoesNotMatchStopsStartUpNamingTheMigration() {
    assertFailedLoudly(new ApiClient(base), "database migration");
    assertLogged(
        LOG,
        "Lessonwatch did not start: database migration failed",
        "checksum mismatch for migration version 1");
  }
}
