package org.lessonwatch.web.dashboard.session;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bounds how many dashboard password checks run at once on this server. A check is PBKDF2 with
 * 210,000 iterations, a fifth of a second or more of one core; unbounded, a burst of sign-ins (or
 * of guesses at many usernames) takes every core, and heartbeats wait. By default half the cores
 * (at least one) may check passwords, so the rest always serve the API; {@value #KEY} sets the
 * number instead, for instance where the JVM sees more cores than it gets.
 *
 * <p>A sign-in that finds every slot taken waits for one at most {@link #WAIT}, about one check on
 * a free core, so that two people signing in at the same moment on a quiet server both get in. Only
 * as many sign-ins wait as there are slots; any others are refused at once (the login page answers
 * 429 with {@code Retry-After}), so that a flood of sign-ins holds no request threads.
 */
@ApplicationScoped
public class PasswordCheckSlots {

  private static final Logger LOG = Logger.getLogger(PasswordCheckSlots.class.getName());

  static final String KEY = "engagement.login.max-concurrent-checks";
  static final Duration WAIT = Duration.ofMillis(250);

  /**
   * More than any server has cores; it also keeps the keys that {@link LoginThrottle} holds for
   * attempts being checked (two per slot) well below what it may track.
   */
  static final int MOST_SLOTS = 1_000;

  /** Read as text so that a bad value is a start-up failure naming the key, not a CDI error. */
  @Inject
  @ConfigProperty(name = KEY)
  Optional<String> setting;

  /** How many checks may run at once. */
  int size;

  /** How long a sign-in may wait for a slot. */
  Duration wait = WAIT;

  /** The free slots. */
  Semaphore free;

  /** Sign-ins waiting for a slot now. */
  private final AtomicInteger waiting = new AtomicInteger();

  /** Why the setting cannot be used; {@code null} when it can. */
  private String configurationError;

  @PostConstruct
  void configure() {
    configurationError = null;
    size = Math.min(MOST_SLOTS, Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    if (setting.isPresent()) {
      try {
        size = Integer.parseInt(setting.get().strip());
      } catch (NumberFormatException e) {
        size = 0;
      }
    }
    if (size < 1 || size > MOST_SLOTS) {
      configurationError =
          KEY + " must be a whole number from 1 to " + MOST_SLOTS + ", was '" + setting.get() + "'";
      size = 1;
    } else {
      LOG.info(() -> "Dashboard sign-in checks at most " + size + " password(s) at once");
    }
    free = new Semaphore(size);
  }

  /**
   * Fails start-up when the setting is unusable.
   *
   * @throws IllegalStateException naming the key
   */
  public void checkConfiguration() {
    if (configurationError != null) {
      throw new IllegalStateException(configurationError);
    }
  }

  /**
   * Takes a slot, waiting for one at most {@link #WAIT} when no more sign-ins wait than there are
   * slots.
   *
   * @return whether a slot was taken; if so, {@link #release} it when the check is done
   */
  public boolean tryAcquire() {
    if (free.tryAcquire()) {
      return true;
    }
    try {
      return waiting.incrementAndGet() <= size
          && free.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      waiting.decrementAndGet();
    }
  }

  public void release() {
    free.release();
  }
}
