package org.lessonwatch.web.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing on the dashboard login. Failures are counted per username and per
 * client address within a 15-minute window; reaching the limit locks that key for 5 minutes, and
 * each further lock-out doubles the wait (up to an hour) until the key has been quiet for a day.
 * The address limit is higher than the username one because many users may share an address.
 *
 * <p>In memory and per server: a restart forgets, and nodes of a cluster count separately. That is
 * enough to make online guessing impractical without a shared store.
 */
@ApplicationScoped
public class LoginThrottle {

  static final int FAILURES_PER_USERNAME = 5;
  static final int FAILURES_PER_ADDRESS = 20;
  static final Duration WINDOW = Duration.ofMinutes(15);
  static final Duration FIRST_LOCK = Duration.ofMinutes(5);
  static final Duration LONGEST_LOCK = Duration.ofHours(1);
  static final Duration FORGET_AFTER = Duration.ofDays(1);
  private static final int MAX_TRACKED_KEYS = 10_000;

  private final Map<String, Failures> failures = new ConcurrentHashMap<>();
  private Clock clock;

  protected LoginThrottle() {
    // for CDI's client proxy
  }

  @Inject
  public LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** How long the caller must wait before the next attempt for this username and address. */
  public Optional<Duration> waitBefore(String username, String address) {
    Instant now = clock.instant();
    Duration wait = longer(remaining(userKey(username), now), remaining(addressKey(address), now));
    return wait.isZero() ? Optional.empty() : Optional.of(wait);
  }

  /** Records a failed attempt. */
  public void failed(String username, String address) {
    Instant now = clock.instant();
    if (failures.size() > MAX_TRACKED_KEYS) {
      failures.values().removeIf(f -> f.isStale(now));
    }
    failures
        .computeIfAbsent(userKey(username), k -> new Failures())
        .add(now, FAILURES_PER_USERNAME);
    failures
        .computeIfAbsent(addressKey(address), k -> new Failures())
        .add(now, FAILURES_PER_ADDRESS);
  }

  /**
   * Forgets the username's failures; the address keeps its count, which one account cannot reset.
   */
  public void succeeded(String username) {
    failures.remove(userKey(username));
  }

  private Duration remaining(String key, Instant now) {
    Failures f = failures.get(key);
    return f == null ? Duration.ZERO : f.lockedFor(now);
  }

  private static Duration longer(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static String userKey(String username) {
    String name = username == null ? "" : username;
    return "user:" + (name.length() > 255 ? name.substring(0, 255) : name);
  }

  private static String addressKey(String address) {
    return "address:" + address;
  }

  /** One key's recent failures and lock-outs. */
  private static final class Failures {
    private final Deque<Instant> recent = new ArrayDeque<>();
    private Instant lastFailure = Instant.MIN;
    private Instant lockedUntil = Instant.MIN;
    private int lockouts;

    synchronized void add(Instant now, int limit) {
      if (lastFailure.plus(FORGET_AFTER).isBefore(now)) {
        lockouts = 0;
      }
      lastFailure = now;
      while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(WINDOW))) {
        recent.removeFirst();
      }
      recent.addLast(now);
      if (recent.size() >= limit) {
        recent.clear();
        lockouts++;
        Duration lock = FIRST_LOCK.multipliedBy(1L << Math.min(lockouts - 1, 10));
        lockedUntil = now.plus(lock.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : lock);
      }
    }

    synchronized Duration lockedFor(Instant now) {
      return now.isBefore(lockedUntil) ? Duration.between(now, lockedUntil) : Duration.ZERO;
    }

    synchronized boolean isStale(Instant now) {
      return !now.isBefore(lockedUntil) && lastFailure.plus(WINDOW).isBefore(now);
    }
  }
}
