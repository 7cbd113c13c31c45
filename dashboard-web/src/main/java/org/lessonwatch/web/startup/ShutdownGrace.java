package org.lessonwatch.web.startup;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Logger;
import org.lessonwatch.engagement.HeartbeatWriting;

/**
 * A shutdown (SIGTERM, as an orchestrator stops a node) that no client sees as an error, and that
 * loses no answered heartbeat.
 *
 * <ol>
 *   <li>From the signal on, {@link StartupGate} answers every new request 503 with {@code
 *       Retry-After}, and readiness is DOWN, so that a load balancer sends the players elsewhere;
 *       requests in flight go on.
 *   <li>After {@code engagement.shutdown.grace}, the heartbeat writers finish their groups in
 *       flight (those callers get their 200) and answer everything still queued 503.
 *   <li>Then the process ends at once ({@link Runtime#halt}): nothing is in flight any more, and
 *       every answered heartbeat is committed. Payara Micro's own undeploy is skipped on purpose:
 *       it stops the application's CDI container before its web module, and in between it answers
 *       requests with a bare 500. Payara's shutdown is held back meanwhile by its own grace period
 *       ({@code fish.payara.shutdowngrace}), which is set to outlast this one.
 * </ol>
 *
 * <p>With a grace of {@code PT0S} none of this happens: Payara shuts down as it does by itself.
 */
@ApplicationScoped
public class ShutdownGrace {

  private static final Logger LOG = Logger.getLogger(ShutdownGrace.class.getName());

  static final String PAYARA_GRACE_PROPERTY = "fish.payara.shutdowngrace";

  /** How much longer Payara's grace lasts than ours: time to finish the writers and answer. */
  static final Duration PAYARA_GRACE_MARGIN = Duration.ofSeconds(15);

  /** Time for the last answers to leave before the process ends. */
  static final Duration LAST_ANSWERS = Duration.ofMillis(300);

  @Inject StartupState state;

  @Inject HeartbeatWriting heartbeats;

  private Thread hook;

  synchronized void install(Duration grace) {
    if (grace.isZero()) {
      hook = new Thread(state::stopping, "lessonwatch-shutdown");
    } else {
      System.setProperty(
          PAYARA_GRACE_PROPERTY, Long.toString(grace.plus(PAYARA_GRACE_MARGIN).toMillis()));
      hook = new Thread(() -> shutDown(grace), "lessonwatch-shutdown");
    }
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Runs in a JVM shutdown hook; logs to standard error, as JUL's handlers close at shutdown. */
  private void shutDown(Duration grace) {
    state.stopping();
    System.err.println(
        "Lessonwatch is stopping: new requests are answered 503; ending in "
            + grace.toMillis()
            + " ms");
    sleep(grace);
    heartbeats.finish();
    sleep(LAST_ANSWERS);
    System.err.println("Lessonwatch stopped: every answered heartbeat is committed");
    System.err.flush();
    Runtime.getRuntime().halt(0);
  }

  private static void sleep(Duration time) {
    try {
      Thread.sleep(time.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The application is being stopped (also without the JVM exiting, as on an undeploy). */
  @PreDestroy
  synchronized void uninstall() {
    state.stopping();
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down already: the hook is running
      }
    }
    LOG.fine("Lessonwatch is stopping");
  }
}
