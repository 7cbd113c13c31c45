package org.lessonwatch.web.startup;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * How far {@link ApplicationStartup} got: the gate in front of every request and the health checks
 * read it. A failed start-up is final for this server: the application stays deployed only to say
 * so (503 to every request, readiness and liveness DOWN), and a restart is what tries again.
 */
@ApplicationScoped
public class StartupState {

  private volatile boolean started;
  private volatile String failedStep;

  void started() {
    started = true;
  }

  void failed(String step) {
    failedStep = step;
  }

  /** Whether every start-up step succeeded, so that requests may be served. */
  public boolean isStarted() {
    return started;
  }

  /** The start-up step that failed, if one did. */
  public Optional<String> failedStep() {
    return Optional.ofNullable(failedStep);
  }
}
