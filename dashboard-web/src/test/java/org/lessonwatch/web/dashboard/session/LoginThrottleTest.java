package org.lessonwatch.web.dashboard.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  /** A clock the test moves by hand. */
  static final class TestClock extends Clock {
    Instant now = Instant.parse("2025-05-01T10:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  final TestClock clock = new TestClock();
  final LoginThrottle throttle = new LoginThrottle(clock);

  private void fail(String username, String address, int times) {
    for (int i = 0; i < times; i++) {
      assertEquals(Optional.empty(), throttle.tryStart(username, address), "attempt " + (i + 1));
      throttle.failed(username, address);
    }
  }

  private void succeed(String username, String address) {
    assertEquals(Optional.empty(), throttle.tryStart(username, address));
    throttle.succeeded(username, address);
  }

  /** One failure each for many usernames from as many addresses. */
  private void flood(int keys) {
    for (int i = 0; i < keys; i++) {
      fail("flood-" + i, "2001:db8::" + Integer.toHexString(i), 1);
    }
  }

  @Test
  void allowsFourFailuresThenLocksTheUsernameForFiveMinutes() {
    fail("ada", "10.0.0.1", 4);
    assertEquals(Optional.empty(), throttle.waitBefore("ada", "10.0.0.1"));

    fail("ada", "10.0.0.1", 1);

    assertEquals(Optional.of(Duration.ofMinutes(5)), throttle.waitBefore("ada", "10.0.0.9"));
    assertEquals(Optional.empty(), throttle.waitBefore("bob", "10.0.0.2"), "others go on");
    clock.advance(Duration.ofMinutes(5));
    assertEquals(Optional.empty(), throttle.waitBefore("ada", "10.0.0.1"));
  }

  @Test
  void doublesTheLockForEachFurtherLockOutUpToAnHour() {
    long[] expectedMinutes = {5, 10, 20, 40, 60, 60};
    for (long minutes : expectedMinutes) {
      fail("ada", "10.0.0.1", 5);
      assertEquals(Optional.of(Duration.ofMinutes(minutes)), throttle.waitBefore("ada", "x"));
      clock.advance(Duration.ofMinutes(minutes));
    }
  }

  @Test
  void forgetsFailuresOutsideTheWindow() {
    fail("ada", "10.0.0.1", 4);
    clock.advance(Duration.ofMinutes(16));

    fail("ada", "10.0.0.1", 1);

    assertEquals(Optional.empty(), throttle.waitBefore("ada", "10.0.0.1"));
  }

  @Test
  void startsOverWithShortLocksAfterAQuietDay() {
    fail("ada", "a", 5);
    clock.advance(Duration.ofMinutes(5));
    fail("ada", "b", 5);
    assertEquals(Optional.of(Duration.ofMinutes(10)), throttle.waitBefore("ada", "c"));
    clock.advance(Duration.ofDays(2));

    fail("ada", "d", 5);

    assertEquals(Optional.of(Duration.ofMinutes(5)), throttle.waitBefore("ada", "e"));
  }

  @Test
  void successForgetsTheUsernameButNotTheAddress() {
    for (int i = 0; i < 19; i++) {
      fail("user-" + i, "10.0.0.1", 1);
    }
    fail("ada", "10.0.0.2", 4);
    succeed("ada", "10.0.0.1");
    fail("ada", "10.0.0.2", 4);
    assertEquals(Optional.empty(), throttle.waitBefore("ada", "10.0.0.2"));

    fail("someone-else", "10.0.0.1", 1);

    Optional<Duration> wait = throttle.waitBefore("anyone", "10.0.0.1");
    assertTrue(wait.isPresent(), "twenty failures from one address lock the address");
  }

  @Test
  void checksAtMostFiveAttemptsAtOnceForAUsernameAndRefusesTheRest() {
    for (int i = 0; i < 5; i++) {
      assertEquals(Optional.empty(), throttle.tryStart("ada", "10.0.0." + i), "attempt " + i);
    }

    Optional<Duration> sixth = throttle.tryStart("ada", "10.0.0.9");

    assertEquals(Optional.of(Duration.ofMinutes(5)), sixth, "the lock the five would start");
    assertEquals(Optional.empty(), throttle.tryStart("bob", "10.0.0.9"), "others go on");
    for (int i = 0; i < 5; i++) {
      throttle.failed("ada", "10.0.0." + i);
    }
    assertEquals(Optional.of(Duration.ofMinutes(5)), throttle.waitBefore("ada", "10.0.0.8"));
  }

  @Test
  void countsAttemptsBeingCheckedAgainstTheAddressLimit() {
    for (int i = 0; i < 20; i++) {
      assertEquals(Optional.empty(), throttle.tryStart("user-" + i, "10.0.0.1"));
    }

    assertTrue(throttle.tryStart("user-20", "10.0.0.1").isPresent());
    assertEquals(Optional.empty(), throttle.tryStart("user-20", "10.0.0.2"));
  }

  @Test
  void aSuccessForgetsTheUsernameEvenWithAttemptsStillBeingChecked() {
    fail("ada", "10.0.0.1", 3);
    assertEquals(Optional.empty(), throttle.tryStart("ada", "10.0.0.1"));
    assertEquals(Optional.empty(), throttle.tryStart("ada", "10.0.0.2"));

    throttle.succeeded("ada", "10.0.0.2");
    throttle.failed("ada", "10.0.0.1");

    fail("ada", "10.0.0.1", 3);
    assertEquals(
        Optional.empty(), throttle.waitBefore("ada", "10.0.0.1"), "four since the success");
  }

  @Test
  void successesDoNotUseUpTheAddress() {
    for (int i = 0; i < 19; i++) {
      fail("user-" + i, "10.0.0.1", 1);
    }
    for (int i = 0; i < 50; i++) {
      succeed("colleague-" + i, "10.0.0.1");
    }
    assertEquals(Optional.empty(), throttle.waitBefore("anyone", "10.0.0.1"));

    fail("someone", "10.0.0.1", 1);

    assertEquals(Optional.of(Duration.ofMinutes(5)), throttle.waitBefore("anyone", "10.0.0.1"));
  }

  @Test
  void anAbandonedAttemptCountsForNothing() {
    fail("ada", "10.0.0.1", 4);
    assertEquals(Optional.empty(), throttle.tryStart("ada", "10.0.0.1"));
    assertTrue(throttle.waitBefore("ada", "10.0.0.1").isPresent(), "refused while it is checked");

    throttle.abandoned("ada", "10.0.0.1");

    assertEquals(Optional.empty(), throttle.waitBefore("ada", "10.0.0.1"));
    fail("ada", "10.0.0.1", 1);
    assertEquals(Optional.of(Duration.ofMinutes(5)), throttle.waitBefore("ada", "10.0.0.1"));
    assertEquals(Optional.empty(), throttle.tryStart("new", "10.0.0.2"));
    throttle.abandoned("new", "10.0.0.2");
    assertEquals(2, throttle.trackedKeys(), "nothing kept for the abandoned attempt");
  }

  @Test
  void keepsAtMostTenThousandKeysUnderAFloodOfUsernamesAndAddresses() {
    flood(3 * LoginThrottle.MAX_TRACKED_KEYS);

    assertTrue(
        throttle.trackedKeys() <= LoginThrottle.MAX_TRACKED_KEYS,
        () -> throttle.trackedKeys() + " keys");
  }

  @Test
  void aFloodOfNewKeysForgetsNeitherALockNorAnAttemptBeingChecked() {
    fail("ada", "10.0.0.1", 5);
    assertEquals(Optional.empty(), throttle.tryStart("grace", "10.0.0.2"));

    flood(3 * LoginThrottle.MAX_TRACKED_KEYS);

    assertEquals(Optional.of(Duration.ofMinutes(5)), throttle.waitBefore("ada", "10.0.0.3"));
    throttle.failed("grace", "10.0.0.2");
    fail("grace", "10.0.0.2", 3);
    assertEquals(Optional.empty(), throttle.waitBefore("grace", "10.0.0.2"));
    fail("grace", "10.0.0.2", 1);
    assertTrue(throttle.waitBefore("grace", "10.0.0.2").isPresent(), "its failure was kept");
  }
}
