package org.lessonwatch.engagement.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lessonwatch.content.ContentKind;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.engagement.Heartbeat;
import org.lessonwatch.engagement.HeartbeatNotRecordedException;
import org.lessonwatch.engagement.HeartbeatNotRecordedException.Reason;
import org.lessonwatch.engagement.RecordedHeartbeat;

/**
 * The group-commit protocol around the transactions, with a writer of groups that stands in for the
 * database (the transactions themselves are tested on PostgreSQL by the ITs): deadlines, bounded
 * queues, gathering small groups, supervision of the writer threads, and what a failed group costs
 * the others.
 */
class GroupCommitTest {

  static final ContentRef LESSON = new ContentRef(ContentKind.LMS_LESSON, 7);
  static final Duration SECOND = Duration.ofSeconds(1);

  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  final List<List<String>> groups = Collections.synchronizedList(new ArrayList<>());
  GroupCommit commit;

  @AfterEach
  void stop() {
    if (commit != null) {
      commit.stop();
    }
    scheduler.shutdownNow();
  }

  /** A group commit whose groups are written by {@code behaviour}, given the group's learners. */
  GroupCommit groupCommit(Duration timeout, int capacity, Function<List<String>, Void> behaviour) {
    return groupCommit(timeout, capacity, Duration.ZERO, behaviour);
  }

  /** As above, with groups of fewer than 16 waiting {@code gather} for more. */
  GroupCommit groupCommit(
      Duration timeout, int capacity, Duration gather, Function<List<String>, Void> behaviour) {
    GroupWriter writer =
        (heartbeats, held) -> {
          List<String> learners = heartbeats.stream().map(h -> h.heartbeat().learner()).toList();
          groups.add(learners);
          behaviour.apply(learners);
          return learners.stream().map(GroupCommitTest::written).toList();
        };
    commit =
        new GroupCommit(
            Thread::new, scheduler, writer, new HeartbeatLimits(timeout, capacity, gather));
    return commit;
  }

  /**
   * A group commit whose writers hold the groups of w1 and w2 ({@link #occupyBothWriters}) until
   * {@code release}, and write the others as {@code others} says.
   */
  GroupCommit groupCommitHoldingBothWriters(
      Duration timeout,
      Semaphore busy,
      CountDownLatch release,
      Function<List<String>, Void> others) {
    return groupCommit(
        timeout,
        100,
        learners -> {
          if (learners.contains("w1") || learners.contains("w2")) {
            busy.release();
            return await(release);
          }
          return others.apply(learners);
        });
  }

  static GroupOutcome written(String learner) {
    return new GroupOutcome.Written(
        new RecordedHeartbeat(learner.hashCode(), 1, 0, false, null, null));
  }

  static CheckedHeartbeat heartbeat(String learner) {
    return new CheckedHeartbeat(new Heartbeat(learner, LESSON, 10, 600, false), 600);
  }

  CompletableFuture<RecordedHeartbeat> send(String learner) {
    return CompletableFuture.supplyAsync(() -> commit.write(heartbeat(learner)));
  }

  /** Sends two heartbeats that keep both ordinary writers in a group each until released. */
  List<CompletableFuture<RecordedHeartbeat>> occupyBothWriters(Semaphore busy) throws Exception {
    var first = send("w1");
    assertTrue(busy.tryAcquire(5, TimeUnit.SECONDS), "the first writer is busy");
    var second = send("w2");
    assertTrue(busy.tryAcquire(5, TimeUnit.SECONDS), "the second writer is busy");
    return List.of(first, second);
  }

  /** Waits until that many heartbeats are queued. */
  void awaitQueued(int count) throws InterruptedException {
    for (int tries = 0; commit.queued() < count && tries < 100; tries++) {
      Thread.sleep(50);
    }
    assertEquals(count, commit.queued());
  }

  static Reason reasonOf(CompletableFuture<?> answer) {
    CompletionException failure = assertThrows(CompletionException.class, answer::join);
    return assertInstanceOf(HeartbeatNotRecordedException.class, failure.getCause()).reason();
  }

  @Test
  void aWriterInterruptedBetweenGroupsKeepsWriting() {
    groupCommit(
        SECOND,
        100,
        learners -> {
          Thread.currentThread().interrupt(); // as a stray interrupt from the container would
          return null;
        });
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          for (int i = 0; i < 10; i++) {
            assertEquals("a".hashCode(), commit.write(heartbeat("a")).sessionId());
          }
        });
  }

  @Test
  void aWriterWhoseThreadDiedIsReplacedAndItsGroupIsAnsweredAtOnce() {
    boolean[] failed = {false};
    groupCommit(
        Duration.ofSeconds(30),
        100,
        learners -> {
          if (learners.contains("fatal") && !failed[0]) {
            failed[0] = true;
            throw new OutOfMemoryError("simulated");
          }
          return null;
        });
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          assertEquals(Reason.WRITER_FAILED, reasonOf(send("fatal")));
          // with one writer thread gone the others still write; the supervisor replaces it
          for (int i = 0; i < 20; i++) {
            assertEquals("b".hashCode(), commit.write(heartbeat("b")).sessionId());
          }
          for (int tries = 0; commit.stuckWriter(SECOND).isPresent() && tries < 50; tries++) {
            Thread.sleep(100);
          }
          assertTrue(commit.stuckWriter(SECOND).isEmpty(), "the writer was started again");
        });
  }

  @Test
  void aCallerWaitsNoLongerThanTheDeadlineAndItsHeartbeatIsNotWrittenLater() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Semaphore busy = new Semaphore(0);
    groupCommitHoldingBothWriters(Duration.ofMillis(500), busy, release, learners -> null);
    var inFlight = occupyBothWriters(busy);
    var late = send("late"); // queued behind two groups that do not commit
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          assertEquals(Reason.NOT_ANSWERED_IN_TIME, reasonOf(late));
          inFlight.forEach(answer -> assertEquals(Reason.NOT_ANSWERED_IN_TIME, reasonOf(answer)));
        });
    release.countDown();
    assertEquals("c".hashCode(), commit.write(heartbeat("c")).sessionId());
    assertTrue(
        groups.stream().noneMatch(group -> group.contains("late")),
        "a heartbeat whose caller had given up is left out: " + groups);
  }

  @Test
  void rehearsalsTakenWithHeartbeatsToRecordAreWrittenInAGroupOfTheirOwn() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Semaphore busy = new Semaphore(0);
    groupCommitHoldingBothWriters(Duration.ofSeconds(30), busy, release, learners -> null);
    var inFlight = occupyBothWriters(busy);
    var queued =
        List.of(
            rehearse("rehearsal-1"), send("x1"), rehearse("rehearsal-2"), send("x2"), send("x3"));
    awaitQueued(5); // taken together by the first writer free
    release.countDown();
    inFlight.forEach(CompletableFuture::join);
    queued.forEach(CompletableFuture::join);

    Set<Set<String>> written =
        groups.stream()
            .filter(group -> !group.contains("w1") && !group.contains("w2"))
            .map(Set::copyOf)
            .collect(Collectors.toSet());
    assertEquals(Set.of(Set.of("x1", "x2", "x3"), Set.of("rehearsal-1", "rehearsal-2")), written);
  }

  CompletableFuture<RecordedHeartbeat> rehearse(String learner) {
    return CompletableFuture.supplyAsync(
        () ->
            commit.write(
                new CheckedHeartbeat(new Heartbeat(learner, LESSON, 10, 600, false), 600, true)));
  }

  @Test
  void aHeartbeatArrivingWhileTheFirstOfAGroupGathersJoinsItsGroup() throws Exception {
    // a gather far longer than the test needs: the second heartbeat surely arrives within it
    groupCommit(Duration.ofSeconds(30), 100, Duration.ofSeconds(5), learners -> null);
    var first = send("g1");
    Thread.sleep(200);
    assertEquals(0, commit.queued(), "a writer took g1 and gathers");
    // the other writer is idle, and must not take g2 for a group of its own
    var second = send("g2");
    first.join();
    second.join();

    assertEquals(List.of(List.of("g1", "g2")), groups);
  }

  @Test
  void aGroupWithSixteenWaitingIsWrittenWithoutGathering() throws Exception {
    Duration gather = Duration.ofSeconds(2);
    CountDownLatch release = new CountDownLatch(1);
    Semaphore busy = new Semaphore(0);
    groupCommit(
        Duration.ofSeconds(60),
        100,
        gather,
        learners -> {
          if (learners.contains("w1") || learners.contains("w2")) {
            busy.release();
            return await(release);
          }
          return null;
        });
    var inFlight = occupyBothWriters(busy); // each of w1, w2 gathered for 2 s first
    List<CompletableFuture<RecordedHeartbeat>> queued = new ArrayList<>();
    for (int i = 1; i <= GroupCommit.GATHERED_ENOUGH; i++) {
      queued.add(send("q" + i));
    }
    awaitQueued(GroupCommit.GATHERED_ENOUGH);
    long released = System.nanoTime();
    release.countDown();
    queued.forEach(CompletableFuture::join);

    Duration took = Duration.ofNanos(System.nanoTime() - released);
    assertTrue(took.compareTo(gather.dividedBy(2)) < 0, "written without gathering: " + took);
    inFlight.forEach(CompletableFuture::join);
    assertEquals(
        Set.of(
            "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10", "q11", "q12", "q13", "q14",
            "q15", "q16"),
        Set.copyOf(groups.get(2)));
  }

  @Test
  void aFullQueueRefusesAtOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Semaphore busy = new Semaphore(0);
    groupCommit(
        Duration.ofSeconds(30),
        2,
        learners -> {
          busy.release();
          return await(release);
        });
    occupyBothWriters(busy);
    var queued = List.of(send("q1"), send("q2"));
    awaitQueued(2);
    HeartbeatNotRecordedException refused =
        assertThrows(HeartbeatNotRecordedException.class, () -> commit.write(heartbeat("q3")));
    assertEquals(Reason.OVERLOADED, refused.reason());
    release.countDown();
    queued.forEach(CompletableFuture::join);
  }

  @Test
  void aGroupFailingBecauseTheDatabaseIsUnavailableFailsAtOnceWithoutRetries() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Semaphore busy = new Semaphore(0);
    groupCommitHoldingBothWriters(
        Duration.ofSeconds(30),
        busy,
        release,
        learners -> {
          throw new JDBCConnectionException("connection refused", new java.sql.SQLException());
        });
    occupyBothWriters(busy);
    List<CompletableFuture<RecordedHeartbeat>> group = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      group.add(send("down-" + i));
    }
    awaitQueued(5);
    release.countDown();
    group.forEach(answer -> assertEquals(Reason.DATABASE_UNAVAILABLE, reasonOf(answer)));
    for (int i = 0; i < 5; i++) {
      String learner = "down-" + i;
      assertEquals(
          1,
          groups.stream().filter(g -> g.contains(learner)).count(),
          () -> learner + " was written once, not tried again: " + groups);
    }
  }

  @Test
  void aHeartbeatThatFailsItsGroupCostsTheOthersOneRetryEach() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Semaphore busy = new Semaphore(0);
    groupCommitHoldingBothWriters(
        Duration.ofSeconds(30),
        busy,
        release,
        learners -> {
          if (learners.contains("poison")) {
            throw new IllegalArgumentException("this heartbeat cannot be stored");
          }
          return null;
        });
    occupyBothWriters(busy);
    var poison = send("poison");
    List<CompletableFuture<RecordedHeartbeat>> others = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      others.add(send("ok-" + i));
    }
    awaitQueued(5);
    release.countDown();
    CompletionException failure = assertThrows(CompletionException.class, poison::join);
    assertInstanceOf(IllegalArgumentException.class, failure.getCause());
    for (int i = 0; i < others.size(); i++) {
      String learner = "ok-" + i;
      assertEquals(learner.hashCode(), others.get(i).join().sessionId());
      assertEquals(
          2, groups.stream().filter(g -> g.contains(learner)).count(), "the group, then alone");
    }
  }

  @Test
  void stoppingFinishesTheGroupsInFlightAndRefusesTheRest() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Semaphore busy = new Semaphore(0);
    groupCommit(
        Duration.ofSeconds(30),
        100,
        learners -> {
          busy.release();
          return await(release);
        });
    var inFlight = occupyBothWriters(busy);
    var queued = send("queued");
    awaitQueued(1);
    var stopping = CompletableFuture.runAsync(commit::stop);
    Thread.sleep(200);
    release.countDown();
    stopping.get(10, TimeUnit.SECONDS);
    inFlight.forEach(answer -> assertTrue(answer.join().sessionId() != 0, "answered as usual"));
    assertEquals(Reason.STOPPING, reasonOf(queued));
    HeartbeatNotRecordedException after =
        assertThrows(HeartbeatNotRecordedException.class, () -> commit.write(heartbeat("after")));
    assertEquals(Reason.STOPPING, after.reason());
    commit = null;
  }

  private static Void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }
}
