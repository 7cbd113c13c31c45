package org.lessonwatch.web.dashboard.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down password guessing on the dashboard login. Failures are counted per username and per
 * client address within a 15-minute window; reaching the limit locks that key for 5 minutes, and
 * each further lock-out doubles the wait (up to an hour) until the key has been quiet for a day.
 * The address limit is higher than the username one because many users may share an address.
 *
 * <p>An attempt is reserved before its password is checked ({@link #tryStart}) and counts as a
 * failure for both keys until its outcome is known, so however many guesses arrive at once, no more
 * than the limit are checked: the others are refused at once. A success forgets the username's
 * failures; the address only gets its reserved attempt back, so one account cannot reset an
 * address's count, and people signing in from one address do not lock it.
 *
 * <p>In memory and per server: a restart forgets, and nodes of a cluster count separately (behind a
 * load balancer of N nodes a username gets up to N times the limit). That is enough to make online
 * guessing impractical without a shared store. At most {@value #MAX_TRACKED_KEYS} keys are kept: a
 * new key then replaces the least recently used one that is neither locked nor being checked. Each
 * new key costs its sender a password check, which {@link PasswordCheckSlots} rations, so a flood
 * that forgets a key in this way takes many minutes of the server's sign-ins.
 */
@ApplicationScoped
public class LoginThrottle {

  static final int FAILURES_PER_USERNAME = 5;
  static final int FAILURES_PER_ADDRESS = 20;
  static final Duration WINDOW = Duration.ofMinutes(15);
  static final Duration FIRST_LOCK = Duration.ofMinutes(5);
  static final Duration LONGEST_LOCK = Duration.ofHours(1);
  static final Duration FORGET_AFTER = Duration.ofDays(1);
  static final int MAX_TRACKED_KEYS = 10_000;

  /**
   * Every key's record, least recently used first. One lock guards it all: each operation is a few
   * map and queue steps (the password check runs outside it), and a reservation must see both keys
   * at once.
   */
  private final Map<String, Failures> failures = new LinkedHashMap<>(16, 0.75f, true);

  private Clock clock;

  protected LoginThrottle() {
    // for CDI's client proxy
  }

  @Inject
  public LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /**
   * How long the caller must wait before the next attempt for this username and address: while a
   * key is locked, or while its attempts being checked would reach the limit.
   */
  public synchronized Optional<Duration> waitBefore(String username, String address) {
    Instant now = clock.instant();
    Duration wait =
        longer(
            refusal(failures.get(userKey(username)), now, FAILURES_PER_USERNAME),
            refusal(failures.get(addressKey(address)), now, FAILURES_PER_ADDRESS));
    return wait.isZero() ? Optional.empty() : Optional.of(wait);
  }

  /**
   * Reserves an attempt for this username and address, to be finished with exactly one of {@link
   * #failed}, {@link #succeeded} or {@link #abandoned}.
   *
   * @return empty if the attempt is reserved and its password may be checked; otherwise how long
   *     the caller must wait, and nothing is reserved
   */
  public synchronized Optional<Duration> tryStart(String username, String address) {
    Optional<Duration> wait = waitBefore(username, address);
    if (wait.isEmpty()) {
      tracked(userKey(username)).inFlight++;
      tracked(addressKey(address)).inFlight++;
    }
    return wait;
  }

  /** Finishes a reserved attempt whose password was wrong: a failure for both keys. */
  public synchronized void failed(String username, String address) {
    Instant now = clock.instant();
    finish(userKey(username)).fail(now, FAILURES_PER_USERNAME);
    finish(addressKey(address)).fail(now, FAILURES_PER_ADDRESS);
  }

  /**
   * Finishes a reserved attempt whose password was right: forgets the username's failures; the
   * address gets the attempt back and keeps its failures, which one account cannot reset.
   */
  public synchronized void succeeded(String username, String address) {
    finish(userKey(username)).forget();
    finish(addressKey(address));
    dropIfEmpty(userKey(username));
    dropIfEmpty(addressKey(address));
  }

  /** Finishes a reserved attempt whose password was not checked: it counts for nothing. */
  public synchronized void abandoned(String username, String address) {
    finish(userKey(username));
    finish(addressKey(address));
    dropIfEmpty(userKey(username));
    dropIfEmpty(addressKey(address));
  }

  /** How many keys are kept, for tests. */
  synchronized int trackedKeys() {
    return failures.size();
  }

  private static Duration refusal(Failures f, Instant now, int limit) {
    return f == null ? Duration.ZERO : f.refusal(now, limit);
  }

  private Failures tracked(String key) {
    Failures f = failures.get(key);
    if (f == null) {
      if (failures.size() >= MAX_TRACKED_KEYS) {
        forgetLeastRecentlyUsed();
      }
      f = new Failures();
      failures.put(key, f);
    }
    return f;
  }

  /**
   * Makes room for a new key: forgets the least recently used key that is neither locked nor being
   * checked, or failing that (a flood of locked keys) the least recently used one not being
   * checked. Keys being checked stay: there are at most two per password check slot.
   */
  private void forgetLeastRecentlyUsed() {
    Instant now = clock.instant();
    String oldestLocked = null;
    for (Map.Entry<String, Failures> entry : failures.entrySet()) {
      Failures f = entry.getValue();
      if (f.inFlight > 0) {
        continue;
      }
      if (!f.isLocked(now)) {
        failures.remove(entry.getKey());
        return;
      }
      if (oldestLocked == null) {
        oldestLocked = entry.getKey();
      }
    }
    if (oldestLocked != null) {
      failures.remove(oldestLocked);
    }
  }

  /** The record of a key with a reserved attempt: kept until it is finished. */
  private Failures finish(String key) {
    Failures f = failures.get(key);
    f.inFlight--;
    return f;
  }

  private void dropIfEmpty(String key) {
    Failures f = failures.get(key);
    if (f != null && f.isEmpty(clock.instant())) {
      failures.remove(key);
    }
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

  /** One key's recent failures, lock-outs and attempts being checked; guarded by the throttle. */
  private static final class Failures {
    private final Deque<Instant> recent = new ArrayDeque<>();
    private Instant lastFailure = Instant.MIN;
    private Instant lockedUntil = Instant.MIN;
    private int lockouts;
    private int inFlight;

    void fail(Instant now, int limit) {
      lockouts = lockoutsBefore(now);
      lastFailure = now;
      forgetOld(now);
      recent.addLast(now);
      if (recent.size() >= limit) {
        recent.clear();
        lockedUntil = now.plus(lock(lockouts));
        lockouts++;
      }
    }

    /**
     * How long an attempt must wait: while locked, or the lock that the attempts being checked
     * would start if they all fail.
     */
    Duration refusal(Instant now, int limit) {
      if (isLocked(now)) {
        return Duration.between(now, lockedUntil);
      }
      forgetOld(now);
      return recent.size() + inFlight >= limit ? lock(lockoutsBefore(now)) : Duration.ZERO;
    }

    void forget() {
      recent.clear();
      lockedUntil = Instant.MIN;
      lockouts = 0;
    }

    boolean isLocked(Instant now) {
      return now.isBefore(lockedUntil);
    }

    boolean isEmpty(Instant now) {
      forgetOld(now);
      return inFlight == 0 && recent.isEmpty() && lockoutsBefore(now) == 0;
    }

    private int lockoutsBefore(Instant now) {
      return lastFailure.plus(FORGET_AFTER).isBefore(now) ? 0 : lockouts;
    }

    private void forgetOld(Instant now) {
      while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(WINDOW))) {
        recent.removeFirst();
      }
    }

    private static Duration lock(int earlierLockouts) {
      Duration lock = FIRST_LOCK.multipliedBy(1L << Math.min(earlierLockouts, 10));
      return lock.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : lock;
    }
  }
}
