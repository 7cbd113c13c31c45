package org.lessonwatch.web.startup;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.hibernate.SessionFactory;
import org.lessonwatch.engagement.DurationSetting;
import org.lessonwatch.engagement.EngagementStartup;
import org.lessonwatch.web.accounts.AccountStore;
import org.lessonwatch.web.config.DataSourceConfiguration;
import org.lessonwatch.web.dashboard.session.PasswordCheckSlots;
import org.lessonwatch.web.lti.LtiSettings;
import org.lessonwatch.web.lti.ToolKeys;
import org.lessonwatch.web.rest.auth.BearerTokens;
import org.lessonwatch.web.rest.cors.AllowedOrigins;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Brings the application up, step by step, before it serves anything: checks every configuration
 * key, runs the modules' Flyway migrations, has Hibernate validate its mappings against the result
 * (Payara builds the persistence unit before application code runs, so Hibernate cannot validate on
 * its own without failing on an empty database), prepares the report roll-ups, creates the
 * bootstrap admin account and makes sure this tool has an LTI signing key. Then it serves, and
 * warms up ({@link WarmUp}) before readiness turns {@code UP}.
 *
 * <p>A step that waits for a lock (Flyway's, the roll-up lock another node may hold) waits at most
 * {@code engagement.startup.lock-timeout}. A step that fails ends start-up with one log line that
 * names the step and the cause; the application then stays deployed only to say so ({@link
 * StartupGate}, {@link StartupReadiness}, {@link StartupLiveness}), rather than leaving the
 * container to answer a bare 403 for an application that is not there.
 */
@Startup
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ApplicationStartup {

  private static final Logger LOG = Logger.getLogger(ApplicationStartup.class.getName());

  @Inject
  @ConfigProperty(name = "engagement.db.url")
  String databaseUrl;

  @Inject
  @ConfigProperty(name = "engagement.db.user")
  String databaseUser;

  @Inject
  @ConfigProperty(name = "engagement.db.password")
  String databasePassword;

  @PersistenceUnit(unitName = "engagement")
  EntityManagerFactory entityManagerFactory;

  @Inject AccountStore accounts;

  @Inject
  @ConfigProperty(name = "engagement.bootstrap-admin.username")
  Optional<String> bootstrapAdmin;

  @Inject
  @ConfigProperty(name = "engagement.bootstrap-admin.password")
  Optional<String> bootstrapPassword;

  @Inject
  @ConfigProperty(name = "engagement.startup.lock-timeout", defaultValue = "PT2M")
  String lockTimeoutSetting;

  @Inject
  @ConfigProperty(name = "engagement.shutdown.grace", defaultValue = "PT5S")
  String shutdownGraceSetting;

  @Inject ShutdownGrace shutdownGrace;

  @Inject BearerTokens tokens;

  @Inject PasswordCheckSlots passwordChecks;

  @Inject AllowedOrigins allowedOrigins;

  @Inject ToolKeys toolKeys;

  @Inject LtiSettings ltiSettings;

  @Inject EngagementStartup engagement;

  @Inject StartupState state;

  @Inject WarmUp warmUp;

  private Duration lockTimeout;
  private Duration shutdownGracePeriod;
  private String step;

  @PostConstruct
  @TransactionAttribute(
      TransactionAttributeType
          .NOT_SUPPORTED) // the class-level one does not reach lifecycle callbacks
  void start() {
    try {
      step("configuration", this::checkConfiguration);
      step("database migration", this::migrate);
      step(
          "schema validation",
          () ->
              entityManagerFactory
                  .unwrap(SessionFactory.class)
                  .getSchemaManager()
                  .validateMappedObjects());
      step("roll-up preparation", () -> engagement.startRollups(lockTimeout));
      step("bootstrap admin", this::createBootstrapAdmin);
      step("LTI tool key", toolKeys::ensureKey);
    } catch (RuntimeException e) {
      state.failed(step);
      LOG.log(
          Level.SEVERE,
          "Lessonwatch did not start: "
              + step
              + " failed: "
              + StartupFailures.describe(e)
              + ". Every request is answered 503 and /health/live is DOWN until the cause is"
              + " fixed and the server restarted.",
          e);
      return;
    }
    shutdownGrace.install(shutdownGracePeriod);
    warmUp.start(); // readiness waits for it
    state.started();
    LOG.info("Lessonwatch started");
  }

  private void step(String name, Runnable work) {
    step = name;
    work.run();
  }

  private void checkConfiguration() {
    lockTimeout =
        DurationSetting.parse(
            "engagement.startup.lock-timeout",
            lockTimeoutSetting,
            DurationSetting.SHORTEST,
            null,
            "PT2M");
    shutdownGracePeriod =
        DurationSetting.parse(
            "engagement.shutdown.grace",
            shutdownGraceSetting,
            Duration.ZERO,
            Duration.ofMinutes(1),
            "PT5S");
    if (bootstrapAdmin.isPresent() != bootstrapPassword.isPresent()) {
      throw new IllegalStateException(
          "set both engagement.bootstrap-admin.username and engagement.bootstrap-admin.password,"
              + " or neither");
    }
    if (bootstrapPassword.filter(p -> p.length() > AccountStore.MAX_PASSWORD_LENGTH).isPresent()) {
      throw new IllegalStateException(
          "engagement.bootstrap-admin.password must be at most "
              + AccountStore.MAX_PASSWORD_LENGTH
              + " characters: sign-in refuses longer passwords");
    }
    engagement.checkConfiguration();
    tokens.checkConfiguration();
    passwordChecks.checkConfiguration();
    allowedOrigins.checkConfiguration();
    ltiSettings.checkConfiguration();
    warmUp.checkConfiguration();
    if (!tokens.configured()) {
      LOG.warning(
          "mp.jwt.verify.issuer and mp.jwt.verify.publickey (or .location) are not both set:"
              + " every API call will be answered 401 until they are");
    }
  }

  /**
   * Migrations run on connections of their own, without the pool's statement and network timeouts
   * ({@link DataSourceConfiguration}): at millions of sessions a migration may take minutes.
   */
  private void migrate() {
    var migrations = new PGSimpleDataSource();
    migrations.setURL(databaseUrl);
    migrations.setUser(databaseUser);
    migrations.setPassword(databasePassword);
    migrations.setConnectTimeout(10);
    migrations.setApplicationName("Lessonwatch migrations");
    var result =
        Flyway.configure(getClass().getClassLoader())
            .dataSource(migrations)
            .locations("classpath:db/migration")
            // Flyway retries its lock once a second: as long as any other lock of start-up
            .lockRetryCount((int) Math.max(1, lockTimeout.toSeconds()))
            .load()
            .migrate();
    LOG.info(
        () ->
            "Database schema at version "
                + (result.targetSchemaVersion != null
                    ? result.targetSchemaVersion
                    : result.initialSchemaVersion)
                + " ("
                + result.migrationsExecuted
                + " migrations applied now)");
  }

  private void createBootstrapAdmin() {
    if (bootstrapAdmin.isPresent()
        && accounts.createAdminIfNoneExists(bootstrapAdmin.get(), bootstrapPassword.get())) {
      LOG.info(() -> "Created bootstrap admin account '" + bootstrapAdmin.get() + "'");
    }
  }
}
