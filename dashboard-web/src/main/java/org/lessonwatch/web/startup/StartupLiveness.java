package org.lessonwatch.web.startup;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Not alive once start-up has failed, so that an orchestrator restarts the server (a restart is
 * what tries again) instead of keeping a server that can only answer 503.
 */
@Liveness
@ApplicationScoped
public class StartupLiveness implements HealthCheck {

  @Inject StartupState state;

  @Override
  public HealthCheckResponse call() {
    return report(state, state.failedStep().isEmpty());
  }

  /** The {@code startup} check: its state, and the step that failed, if one did. */
  static HealthCheckResponse report(StartupState state, boolean up) {
    var response = HealthCheckResponse.named("startup").status(up).withData("state", state.phase());
    if (state.failedStep().isPresent()) {
      response = response.withData("step", state.failedStep().get());
    }
    return response.build();
  }
}
