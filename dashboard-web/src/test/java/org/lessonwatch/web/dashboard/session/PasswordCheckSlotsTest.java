package org.lessonwatch.web.dashboard.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PasswordCheckSlotsTest {

  private static PasswordCheckSlots slots(String setting) {
    PasswordCheckSlots slots = new PasswordCheckSlots();
    slots.setting = Optional.ofNullable(setting);
    slots.configure();
    // long enough that a test would hang on any wait it does not expect
    slots.wait = Duration.ofMinutes(1);
    return slots;
  }

  /** Starts a sign-in that waits for a slot, and returns once it is waiting. */
  private static CompletableFuture<Boolean> waitingSignIn(PasswordCheckSlots slots)
      throws InterruptedException {
    CompletableFuture<Boolean> acquired = CompletableFuture.supplyAsync(slots::tryAcquire);
    while (!slots.free.hasQueuedThreads()) {
      Thread.sleep(5);
    }
    return acquired;
  }

  @Test
  void givesHalfTheCoresAndAtLeastOneUnlessConfigured() {
    int cores = Runtime.getRuntime().availableProcessors();

    assertEquals(Math.max(1, cores / 2), slots(null).size);
    assertEquals(3, slots(" 3 ").size);
  }

  @Test
  void refusesASettingThatIsNotAWholeNumberFromOneToAThousandNamingTheKey() {
    for (String setting : new String[] {"0", "-2", "1001", "many", "2.5", ""}) {
      PasswordCheckSlots slots = slots(setting);

      IllegalStateException e =
          assertThrows(IllegalStateException.class, slots::checkConfiguration);

      assertTrue(e.getMessage().contains(PasswordCheckSlots.KEY), e::getMessage);
    }
  }

  @Test
  void aSignInWaitsForTheNextFreeSlot() throws Exception {
    PasswordCheckSlots slots = slots("1");
    assertTrue(slots.tryAcquire());
    CompletableFuture<Boolean> waiting = waitingSignIn(slots);

    slots.release();

    assertTrue(waiting.get(10, TimeUnit.SECONDS));
  }

  @Test
  void refusesAtOnceWhenAsManySignInsWaitAsThereAreSlots() throws Exception {
    PasswordCheckSlots slots = slots("1");
    assertTrue(slots.tryAcquire());
    CompletableFuture<Boolean> waiting = waitingSignIn(slots);

    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertFalse(slots.tryAcquire()));

    slots.release();
    assertTrue(waiting.get(10, TimeUnit.SECONDS), "the one waiting still gets the slot");
  }
}
