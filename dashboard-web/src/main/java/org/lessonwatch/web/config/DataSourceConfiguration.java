package org.lessonwatch.web.config;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The application's PostgreSQL pool, configured from MicroProfile Config (environment variables
 * included). Connections are validated on checkout (at most once per 5 s each), so the pool
 * recovers by itself after the database restarts.
 */
@DataSourceDefinition(
    name = DataSourceConfiguration.JNDI_NAME,
    className = "org.postgresql.ds.PGSimpleDataSource",
    url = "${MPCONFIG=engagement.db.url}",
    user = "${MPCONFIG=engagement.db.user}",
    password = "${MPCONFIG=engagement.db.password}",
    minPoolSize = 2,
    maxPoolSize = 32,
    properties = {
      "fish.payara.is-connection-validation-required=true",
      "fish.payara.connection-validation-method=custom-validation",
      "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.PostgresConnectionValidation",
      "fish.payara.fail-all-connections=true",
      // a connection used within the last few seconds is known to work: no extra round trip
      "fish.payara.validate-atmost-once-period-in-seconds=5",
      // every connection has the same credentials: matching them on each checkout is waste
      "fish.payara.match-connections=false"
    })
@ApplicationScoped
public class DataSourceConfiguration {

  public static final String JNDI_NAME = "java:app/jdbc/engagement";
}
