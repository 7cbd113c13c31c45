package org.lessonwatch.web.config;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.lessonwatch.engagement.HeartbeatWriting;
import org.lessonwatch.web.startup.StartupState;

/**
 * Ready while PostgreSQL answers and the heartbeat writers write; a load balancer stops sending
 * heartbeats otherwise. Answers within {@link #ANSWER_WITHIN_MILLIS} whatever the database does:
 * the database is probed on another thread, at most one probe at a time, and a probe that has not
 * answered by then counts as "not answering" while it goes on.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

  static final long ANSWER_WITHIN_MILLIS = 1000;

  @Resource(lookup = DataSourceConfiguration.JNDI_NAME)
  DataSource dataSource;

  @Resource ManagedExecutorService executor;

  @Inject HeartbeatWriting heartbeats;

  @Inject StartupState startup;

  private CompletableFuture<Boolean> probe;

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("database");
    if (!startup.isStarted()) {
      // the startup check says why; the writers may not even be configurable
      return response
          .down()
          .withData("database", "not checked: the service is not serving")
          .build();
    }
    Optional<String> writing = heartbeats.problem();
    if (writing.isPresent()) {
      return response.down().withData("heartbeat writers", writing.get()).build();
    }
    try {
      boolean valid = probe().get(ANSWER_WITHIN_MILLIS, TimeUnit.MILLISECONDS);
      return response.status(valid).build();
    } catch (TimeoutException e) {
      return response.down().withData("database", "not answering").build();
    } catch (ExecutionException e) {
      return response.down().withData("database", "unreachable").build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return response.down().build();
    }
  }

  private synchronized CompletableFuture<Boolean> probe() {
    if (probe == null || probe.isDone()) {
      probe = CompletableFuture.supplyAsync(this::databaseAnswers, executor);
    }
    return probe;
  }

  private boolean databaseAnswers() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }
}
