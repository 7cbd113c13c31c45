package org.lessonwatch.web.config;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.hibernate.SessionFactory;
import org.lessonwatch.engagement.Rollups;
import org.lessonwatch.web.accounts.AccountStore;

/**
 * Brings the database up to date before the application serves anything: runs the modules' Flyway
 * migrations, then has Hibernate validate its mappings against the result (Payara builds the
 * persistence unit before application code runs, so Hibernate cannot validate on its own without
 * failing on an empty database). Also warns when tokens cannot be verified yet and creates the
 * bootstrap admin account. Any failure here stops the deployment with a message naming the cause.
 */
@Startup
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ApplicationStartup {

  private static final Logger LOG = Logger.getLogger(ApplicationStartup.class.getName());

  /** The default in microprofile-config.properties, which no token carries. */
  @Resource(lookup = DataSourceConfiguration.JNDI_NAME)
  DataSource dataSource;

  @PersistenceUnit(unitName = "engagement")
  EntityManagerFactory entityManagerFactory;

  @Inject AccountStore accounts;

  @Inject
  @ConfigProperty(name = "engagement.bootstrap-admin.username")
  Optional<String> bootstrapAdmin;

  @Inject
  @ConfigProperty(name = "engagement.bootstrap-admin.password")
  Optional<String> bootstrapPassword;

  @Inject BearerTokens tokens;

  @Inject Rollups rollups;

  @PostConstruct
  @TransactionAttribute(
      TransactionAttributeType
          .NOT_SUPPORTED) // the class-level one does not reach lifecycle callbacks
  void start() {
    warnIfTokensCannotBeVerified();
    migrate();
    entityManagerFactory.unwrap(SessionFactory.class).getSchemaManager().validateMappedObjects();
    rollups.start();
    createBootstrapAdmin();
  }

  private void warnIfTokensCannotBeVerified() {
    if (!tokens.configured()) {
      LOG.warning(
          "mp.jwt.verify.issuer and mp.jwt.verify.publickey (or .location) are not both set:"
              + " every API call will be answered 401 until they are");
    }
  }

  private void migrate() {
    var result =
        Flyway.configure(getClass().getClassLoader())
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .load()
            .migrate();
    LOG.info(
        () ->
            "Database schema at version "
                + result.targetSchemaVersion
                + " ("
                + result.migrationsExecuted
                + " migrations applied now)");
  }

  private void createBootstrapAdmin() {
    if (bootstrapAdmin.isPresent() != bootstrapPassword.isPresent()) {
      throw new IllegalStateException(
          "set both engagement.bootstrap-admin.username and engagement.bootstrap-admin.password,"
              + " or neither");
    }
    if (bootstrapAdmin.isPresent()
        && accounts.createAdminIfNoneExists(bootstrapAdmin.get(), bootstrapPassword.get())) {
      LOG.info(() -> "Created bootstrap admin account '" + bootstrapAdmin.get() + "'");
    }
  }
}
