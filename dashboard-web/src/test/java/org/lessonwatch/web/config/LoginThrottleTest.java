package org.lessonwatch.web.config;

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
      throttle.failed(username, address);
    }
  }

  @Test
  void allowsFourFailuresThenLocksTheUsernameForFiveMinutes() {
    fail("ada", "10.0.0.1", 4);
    assertEquals(Optional.empty(), throttle.waitBefore("ada", "10.0.0.1"));

    throttle.failed("ada", "10.0.0.1");

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

    throttle.failed("ada", "10.0.0.1");

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
      throttle.failed("user-" + i, "10.0.0.1");
    }
    fail("ada", "10.0.0.2", 4);
    throttle.succeeded("ada");
    fail("ada", "10.0.0.2", 4);
    assertEquals(Optional.empty(), throttle.waitBefore("ada", "10.0.0.2"));

    throttle.failed("someone-else", "10.0.0.1");

    Optional<Duration> wait = throttle.waitBefore("anyone", "10.0.0.1");
    assertTrue(wait.isPresent(), "twenty failures from one address lock the address");
  }
}
