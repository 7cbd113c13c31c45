package org.lessonwatch.web.startup;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * How far {@link ApplicationStartup} got, and whether the server is shutting down: the gate in
 * front of every request and the health checks read it. A failed start-up is final for this server:
 * the application stays deployed only to say so (503 to every request, readiness and liveness
 * DOWN), and a restart is what tries again.
 */
@ApplicationScoped
public class StartupState {

  // Static: the gate reads them while the application shuts down, when CDI's contexts (and with
  // them this bean's client proxy) may already be gone.
  private static volatile boolean started;
  private static volatile String failedStep;
  private static volatile boolean stopping;
  private static volatile boolean warmingUp;
  private static volatile boolean warmUpAnswered;

  void started() {
    started = true;
  }

  void warmingUp() {
    warmingUp = true;
  }

  void warmedUp() {
    warmingUp = false;
  }

  /**
   * The warm-up's first request was answered: the application serves. Before that, Payara may still
   * answer {@code 404} or {@code 500} while the web context loads, so the server is only said to be
   * warming up from now on.
   */
  void warmUpAnswered() {
    warmUpAnswered = true;
  }

  /**
   * Whether a request of the warm-up has been answered {@code 200} (see {@link #warmUpAnswered}).
   */
  public boolean isWarmUpAnswered() {
    return warmUpAnswered;
  }

  /** Whether the server is still warming up ({@link WarmUp}): it serves, but is not ready yet. */
  public boolean isWarmingUp() {
    return warmingUp;
  }

  void failed(String step) {
    failedStep = step;
  }

  void stopping() {
    stopping = true;
  }

  /** Whether every start-up step succeeded and the server is not shutting down. */
  public boolean isStarted() {
    return serving();
  }

  /** Whether the server is shutting down: new requests are then refused. */
  public boolean isStopping() {
    return stopping;
  }

  /** {@link #isStarted()} for the gate, without CDI. */
  static boolean serving() {
    return started && !stopping;
  }

  /** {@link #isStopping()} for the gate, without CDI. */
  static boolean shuttingDown() {
    return stopping;
  }

  /**
   * The phase the {@code startup} health check reports: {@code "failed"}, {@code "stopping"},
   * {@code "starting"} (until the warm-up's first request is answered), {@code "warming up"} or
   * {@code "started"}.
   */
  public String phase() {
    if (failedStep != null) {
      return "failed";
    }
    if (stopping) {
      return "stopping";
    }
    if (!started || warmingUp && !warmUpAnswered) {
      return "starting";
    }
    return warmingUp ? "warming up" : "started";
  }

  /** The start-up step that failed, if one did. */
  public Optional<String> failedStep() {
    return Optional.ofNullable(failedStep);
  }
}
