package org.lessonwatch.web.startup;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once start-up has succeeded and the warm-up has ended ({@link WarmUp}); a failed start
 * names its step.
 */
@Readiness
@ApplicationScoped
public class StartupReadiness implements HealthCheck {

  @Inject StartupState state;

  @Override
  public HealthCheckResponse call() {
    return StartupLiveness.report(state, state.isStarted() && !state.isWarmingUp());
  }
}
