package org.lessonwatch.web.config;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.annotation.sql.DataSourceDefinitions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The application's PostgreSQL pools, configured from MicroProfile Config (environment variables
 * included): the primary's, and the reports' ({@link #REPORTS_JNDI_NAME}). Connections are
 * validated on checkout (at most once per 5 s each), so the pool recovers by itself after the
 * database restarts.
 *
 * <p>Nothing waits for the database without a bound, so that a database that stops answering
 * (packets dropped, no reset) costs callers seconds, not forever: a connection attempt gives up
 * after 3 s and a login after 5 s, a checkout from the full pool after 5 s, a statement is
 * cancelled by PostgreSQL after 7 s and a lock wait after 5 s, and a connection that receives
 * nothing for 8 s is closed (each above the one before it, so that PostgreSQL's clean cancellation
 * comes first; the heartbeat deadline, 9 s, is above them all). These are the bounds of the request
 * paths: background and maintenance work that may legitimately run longer sets its own
 * (engagement's {@code LongStatements}: roll-up batches, a lesson move's rebuild, a time-zone
 * reset), and migrations run on connections of their own ({@code ApplicationStartup}).
 *
 * <p>Two planner settings, measured at 10 M sessions (docs/benchmark.md, "mixed load"): no JIT
 * compilation ({@code jit=off}), which cost every roll-up batch 1.5 s of compiling, whatever its
 * size, and would cost a report hundreds of milliseconds whenever its estimate passes {@code
 * jit_above_cost}; and, for the reports only, a plan made for each statement's own parameters
 * ({@code plan_cache_mode=force_custom_plan}): a plan made once for any parameters assumed 10
 * lessons for a report of 1,000 and turned the summary of everything into 4.7 s (503 at 7 s).
 */
@DataSourceDefinitions({
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
        "fish.payara.match-connections=false",
        "fish.payara.max-wait-time-in-millis=" + DataSourceConfiguration.POOL_WAIT_MILLIS,
        "connectTimeout=3",
        "loginTimeout=5",
        "socketTimeout=" + DataSourceConfiguration.SOCKET_TIMEOUT_SECONDS,
        "options=" + DataSourceConfiguration.SESSION_OPTIONS,
        "tcpKeepAlive=true",
        // how these connections appear in pg_stat_activity, and in lock-wait messages
        "ApplicationName=Lessonwatch"
      }),
  @DataSourceDefinition(
      name = DataSourceConfiguration.REPORTS_JNDI_NAME,
      className = "org.postgresql.ds.PGSimpleDataSource",
      url = "${MPCONFIG=engagement.db.read-url}",
      user = "${MPCONFIG=engagement.db.read-user}",
      password = "${MPCONFIG=engagement.db.read-password}",
      minPoolSize = 2,
      maxPoolSize = DataSourceConfiguration.REPORTS_POOL_SIZE,
      properties = {
        "fish.payara.is-connection-validation-required=true",
        "fish.payara.connection-validation-method=custom-validation",
        "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.PostgresConnectionValidation",
        "fish.payara.fail-all-connections=true",
        // a connection used within the last few seconds is known to work: no extra round trip
        "fish.payara.validate-atmost-once-period-in-seconds=5",
        // every connection has the same credentials: matching them on each checkout is waste
        "fish.payara.match-connections=false",
        "fish.payara.max-wait-time-in-millis=" + DataSourceConfiguration.POOL_WAIT_MILLIS,
        "connectTimeout=3",
        "loginTimeout=5",
        "socketTimeout=" + DataSourceConfiguration.SOCKET_TIMEOUT_SECONDS,
        "options="
            + DataSourceConfiguration.SESSION_OPTIONS
            + " -c plan_cache_mode=force_custom_plan",
        "tcpKeepAlive=true",
        "ApplicationName=Lessonwatch reports"
      })
})
@ApplicationScoped
public class DataSourceConfiguration {

  public static final String JNDI_NAME = "java:app/jdbc/engagement";

  /**
   * The reports' pool: {@code engagement.db.read-url} (a streaming replica), or by default the same
   * database as {@link #JNDI_NAME}. Its own, smaller pool either way, so that reports under load
   * cannot take the connections that heartbeats, the catalogue and the roll-up job need.
   */
  public static final String REPORTS_JNDI_NAME = "java:app/jdbc/engagement-reports";

  /** The most connections reports use at once, per node. */
  public static final int REPORTS_POOL_SIZE = 16;

  /** The most a checkout waits for a free connection of the full pool. */
  public static final int POOL_WAIT_MILLIS = 5000;

  /** A connection that receives nothing for this long is given up. */
  public static final int SOCKET_TIMEOUT_SECONDS = 8;

  /** PostgreSQL settings of every connection of both pools (startup options). */
  static final String SESSION_OPTIONS = "-c statement_timeout=7s -c lock_timeout=5s -c jit=off";
}
