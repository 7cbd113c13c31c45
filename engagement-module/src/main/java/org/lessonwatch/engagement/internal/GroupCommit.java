package org.lessonwatch.engagement.internal;

import static java.util.stream.Collectors.partitioningBy;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lessonwatch.engagement.DatabaseFailures;
import org.lessonwatch.engagement.HeartbeatNotRecordedException;
import org.lessonwatch.engagement.HeartbeatNotRecordedException.Reason;
import org.lessonwatch.engagement.RecordedHeartbeat;

/**
 * Writes heartbeats in groups, one transaction per group. A few writer threads each take all the
 * heartbeats waiting (up to {@link #MAX_GROUP}) and write them in one transaction; each caller
 * returns once that transaction has committed, so an answer still means the heartbeat is durable.
 * The commit (PostgreSQL's WAL flush) and the round trips are shared by the group instead of paid
 * per heartbeat. A group never waits to fill beyond {@code engagement.heartbeat.gather} (2 ms): a
 * writer that finds fewer than {@link #GATHERED_ENOUGH} heartbeats waiting lets more arrive for
 * that long, and one that finds more writes them at once.
 *
 * <p>A group never waits for the roll-up job, which holds the sessions of its batch for up to a
 * second ({@link HeldSessions}): only a heartbeat that would continue a held session is passed on
 * to one more writer that does wait, so that it alone is delayed, not everyone's in its group.
 *
 * <p>Nothing here waits without a bound. A caller waits at most {@code
 * engagement.heartbeat.timeout} for its group's commit, and is then answered "not recorded" (503)
 * while the group may still commit later; a heartbeat whose caller has given up before its group
 * starts is left out. The queues hold at most {@code engagement.heartbeat.queue-capacity}
 * heartbeats each: past that, a heartbeat is refused at once instead of waiting. A group whose
 * transaction fails because the database is unavailable fails as a whole; any other failure has
 * each of its heartbeats written once more, alone, so that one heartbeat's fault reaches its own
 * caller only. Writers are supervised: one whose thread has ended (an {@link Error}) is replaced
 * within a second, and {@link #stuckWriter} tells readiness about one that has spent too long in
 * one group.
 */
@ApplicationScoped
class GroupCommit {

  private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());

  /**
   * Writers of groups that skip what the roll-up job holds, per node. Two keep one group going
   * while the other waits for a lock; more only make smaller groups that contend for the same
   * sequence rows (at 64 connections, four writers gave about 3,500 heartbeats/s, two 4,100).
   */
  static final int WRITERS = 2;

  /** The most heartbeats in one transaction. */
  static final int MAX_GROUP = 256;

  /**
   * A writer that finds fewer heartbeats than this waiting lets more arrive for {@code
   * engagement.heartbeat.gather} before it writes them; with this many, the transaction is already
   * shared well enough.
   */
  static final int GATHERED_ENOUGH = 16;

  /** How often dead writers are looked for. */
  static final Duration SUPERVISION_INTERVAL = Duration.ofSeconds(1);

  @Resource ManagedThreadFactory managedThreads;

  @Resource ManagedScheduledExecutorService managedScheduler;

  @Inject WriteHeartbeats transactions;

  @Inject EngagementSettings settings;

  @Inject EngagementMetrics metrics;

  private ThreadFactory threads;
  private GroupWriter writes;
  private HeartbeatLimits limits;

  private BlockingQueue<Waiting> waiting;

  /** Heartbeats that would have continued a session the roll-up job held. */
  private BlockingQueue<Waiting> heldByRollups;

  /** How many heartbeats of each learner and lesson are in {@link #heldByRollups} or its writer. */
  private final Map<StreamKey, Integer> held = new ConcurrentHashMap<>();

  private final List<Writer> writers = new ArrayList<>();
  private ScheduledFuture<?> supervision;
  private volatile boolean closed;

  /** A heartbeat and its caller's answer, which the caller may complete first by giving up. */
  private record Waiting(CheckedHeartbeat heartbeat, CompletableFuture<RecordedHeartbeat> answer) {}

  protected GroupCommit() {
    // for CDI; started by startWriters
  }

  /** A group commit outside the container, for tests of its protocol. */
  GroupCommit(
      ThreadFactory threads,
      ScheduledExecutorService scheduler,
      GroupWriter writes,
      HeartbeatLimits limits) {
    start(threads, scheduler, writes, limits);
  }

  @PostConstruct
  void startWriters() {
    start(managedThreads, managedScheduler, transactions, settings.limits());
    metrics.gauge(
        "lessonwatch_heartbeat_queue_depth",
        "Heartbeats waiting for a writer, in both queues",
        this,
        GroupCommit::queued);
  }

  private void start(
      ThreadFactory threads,
      ScheduledExecutorService scheduler,
      GroupWriter writes,
      HeartbeatLimits limits) {
    this.threads = threads;
    this.writes = writes;
    this.limits = limits;
    // linked queues: callers offering and the writer draining take different locks
    waiting = new LinkedBlockingQueue<>(limits.queueCapacity());
    heldByRollups = new LinkedBlockingQueue<>(limits.queueCapacity());
    Lock collecting = new ReentrantLock();
    for (int i = 1; i <= WRITERS; i++) {
      writers.add(new Writer("heartbeat-writer-" + i, waiting, collecting, HeldSessions.SKIP));
    }
    writers.add(
        new Writer(
            "heartbeat-writer-after-rollups",
            heldByRollups,
            new ReentrantLock(),
            HeldSessions.AWAIT));
    writers.forEach(Writer::start);
    long every = SUPERVISION_INTERVAL.toMillis();
    supervision =
        scheduler.scheduleWithFixedDelay(
            this::superviseWriters, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Writes the heartbeat with the next group; returns once it is committed.
   *
   * @throws HeartbeatNotRecordedException when the queue is full, the group did not commit within
   *     the deadline, the database is unavailable, or the application is stopping
   */
  RecordedHeartbeat write(CheckedHeartbeat heartbeat) {
    return write(heartbeat, limits.timeout());
  }

  /** As {@link #write(CheckedHeartbeat)}, waiting at most {@code wait} for the commit. */
  RecordedHeartbeat write(CheckedHeartbeat heartbeat, Duration wait) {
    if (closed) {
      throw new HeartbeatNotRecordedException(Reason.STOPPING, null);
    }
    var entry = new Waiting(heartbeat, new CompletableFuture<>());
    if (!waiting.offer(entry)) {
      throw new HeartbeatNotRecordedException(Reason.OVERLOADED, null);
    }
    if (closed) {
      failWaiting();
    }
    try {
      return entry.answer().get(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      var late = new HeartbeatNotRecordedException(Reason.NOT_ANSWERED_IN_TIME, null);
      if (entry.answer().completeExceptionally(late)) {
        throw late;
      }
      return answerOf(entry); // answered just now
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      entry.answer().completeExceptionally(new HeartbeatNotRecordedException(Reason.STOPPING, e));
      throw new HeartbeatNotRecordedException(Reason.STOPPING, e);
    } catch (ExecutionException e) {
      throw unwrap(e);
    }
  }

  private static RecordedHeartbeat answerOf(Waiting entry) {
    try {
      return entry.answer().get();
    } catch (ExecutionException e) {
      throw unwrap(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeartbeatNotRecordedException(Reason.STOPPING, e);
    }
  }

  private static RuntimeException unwrap(ExecutionException e) {
    return e.getCause() instanceof RuntimeException failure
        ? failure
        : new IllegalStateException("heartbeat writer failed", e.getCause());
  }

  /** One writer thread and its queue; replaced by the supervisor if its thread ends. */
  private final class Writer {
    private final String name;
    private final BlockingQueue<Waiting> queue;
    private final Lock collecting;
    private final HeldSessions mode;
    private volatile Thread thread;

    /** When the group being written started ({@link System#nanoTime}), or 0 while idle. */
    private volatile long groupStarted;

    /** Whether it waits for the next heartbeat (and may be interrupted to stop). */
    private volatile boolean idle;

    Writer(String name, BlockingQueue<Waiting> queue, Lock collecting, HeldSessions mode) {
      this.collecting = collecting;
      this.name = name;
      this.queue = queue;
      this.mode = mode;
    }

    void start() {
      Thread started = threads.newThread(this::run);
      started.setName(name);
      thread = started;
      started.start();
    }

    /**
     * The next group: the first heartbeat to arrive and all waiting after it. The writers of one
     * queue collect their groups one at a time, so that while one writes, the other collects the
     * next group. A group of fewer than {@link #GATHERED_ENOUGH} waits for {@code
     * engagement.heartbeat.gather} and takes what arrived meanwhile: much of a group's cost (the
     * transaction, two statements, the commit) is the same whether it holds one heartbeat or
     * twenty, so between idle and full load, where groups would be of one or two, this spends 2 ms
     * of each answer's time to save part of each heartbeat's CPU (at 600 a second, a third of
     * PostgreSQL's and a sixth of the machine's: docs/benchmark.md).
     */
    private List<Waiting> collect() throws InterruptedException {
      collecting.lockInterruptibly();
      try {
        List<Waiting> taken = new ArrayList<>();
        taken.add(queue.take());
        idle = false; // stop() lets a gathering writer finish its group
        queue.drainTo(taken, MAX_GROUP - 1);
        long gather = limits.gather().toNanos();
        if (gather > 0 && taken.size() < GATHERED_ENOUGH) {
          LockSupport.parkNanos(gather);
          queue.drainTo(taken, MAX_GROUP - taken.size());
        }
        return taken;
      } finally {
        collecting.unlock();
      }
    }

    boolean isDead() {
      Thread current = thread;
      return current == null || !current.isAlive();
    }

    private void run() {
      while (!closed) {
        List<Waiting> taken;
        idle = true;
        try {
          taken = collect();
        } catch (InterruptedException e) {
          continue; // stop() interrupts an idle writer to end the loop; no other interrupt may
        } finally {
          idle = false;
        }
        List<Waiting> group = new ArrayList<>(taken);
        group.removeIf(one -> one.answer().isDone()); // callers that gave up
        if (mode == HeldSessions.SKIP) {
          holdBackHeldLearners(group);
        }
        groupStarted = System.nanoTime();
        try {
          write(group, mode);
        } catch (RuntimeException | Error e) {
          LOG.log(Level.SEVERE, "A heartbeat writer failed unexpectedly", e);
          var failed = new HeartbeatNotRecordedException(Reason.WRITER_FAILED, e);
          group.forEach(one -> one.answer().completeExceptionally(failed));
          if (e instanceof VirtualMachineError fatal) {
            throw fatal; // this thread ends; the supervisor starts a new one
          }
        } finally {
          groupStarted = 0;
          Thread.interrupted(); // an interrupt that reached the group's work ends with it
          if (mode == HeldSessions.AWAIT) {
            taken.forEach(
                one ->
                    held.computeIfPresent(
                        one.heartbeat().key(), (key, n) -> n == 1 ? null : n - 1));
          }
        }
      }
    }
  }

  private void write(List<Waiting> group, HeldSessions mode) {
    if (group.stream().anyMatch(one -> one.heartbeat().rehearsal())) {
      // rehearsals are rolled back: in a transaction of their own, and left out of the metrics
      Map<Boolean, List<Waiting>> rehearsals =
          group.stream().collect(partitioningBy(one -> one.heartbeat().rehearsal()));
      writeGroup(rehearsals.get(false), mode);
      writeGroup(rehearsals.get(true), mode);
      return;
    }
    writeGroup(group, mode);
  }

  private void writeGroup(List<Waiting> group, HeldSessions mode) {
    if (group.isEmpty()) {
      return;
    }
    List<GroupOutcome> outcomes;
    try {
      long started = System.nanoTime();
      outcomes = writes.write(group.stream().map(Waiting::heartbeat).toList(), mode);
      if (metrics != null && !group.get(0).heartbeat().rehearsal()) { // null outside the container
        metrics.groupWritten(group.size(), System.nanoTime() - started);
      }
    } catch (RuntimeException e) {
      if (DatabaseFailures.isUnavailable(e)) {
        var unavailable = new HeartbeatNotRecordedException(Reason.DATABASE_UNAVAILABLE, e);
        group.forEach(one -> one.answer().completeExceptionally(unavailable));
      } else if (group.size() == 1) {
        group.get(0).answer().completeExceptionally(e);
      } else {
        group.forEach(one -> write(List.of(one), HeldSessions.AWAIT));
      }
      return;
    }
    for (int i = 0; i < group.size(); i++) {
      GroupOutcome outcome = outcomes.get(i);
      if (outcome instanceof GroupOutcome.Written written) {
        group.get(i).answer().complete(written.answer());
      } else if (outcome instanceof GroupOutcome.Refused refused) {
        group.get(i).answer().completeExceptionally(refused.reason());
      } else {
        holdBack(group.get(i));
      }
    }
  }

  /**
   * Takes out of the group the heartbeats of a learner and lesson that already has one held back:
   * they follow it, in order, instead of having the whole group wait for its sequence lock.
   */
  private void holdBackHeldLearners(List<Waiting> group) {
    for (Iterator<Waiting> each = group.iterator(); each.hasNext(); ) {
      Waiting heartbeat = each.next();
      if (held.containsKey(heartbeat.heartbeat().key())) {
        each.remove();
        holdBack(heartbeat);
      }
    }
  }

  /** Passes a heartbeat on to the writer that waits for the roll-up job. */
  private void holdBack(Waiting heartbeat) {
    if (!heldByRollups.offer(heartbeat)) {
      heartbeat
          .answer()
          .completeExceptionally(new HeartbeatNotRecordedException(Reason.OVERLOADED, null));
      return;
    }
    held.merge(heartbeat.heartbeat().key(), 1, Integer::sum);
  }

  /** Starts a new thread for each writer whose thread has ended. */
  void superviseWriters() {
    if (closed) {
      return;
    }
    for (Writer writer : writers) {
      if (writer.isDead()) {
        LOG.severe(() -> "Heartbeat writer " + writer.name + " had stopped: starting it again");
        writer.start();
      }
    }
  }

  /**
   * A writer that has been writing one group for longer than {@code limit}, or whose thread has
   * ended and not been replaced yet: its callers are not being answered.
   */
  Optional<String> stuckWriter(Duration limit) {
    long now = System.nanoTime();
    for (Writer writer : writers) {
      long started = writer.groupStarted;
      if (writer.isDead()) {
        return Optional.of(writer.name + " has stopped");
      }
      // the writer after roll-ups waits for the job's batch by design: only its death counts
      if (writer.mode == HeldSessions.SKIP && started != 0 && now - started > limit.toNanos()) {
        return Optional.of(
            writer.name
                + " has been writing one group for "
                + Duration.ofNanos(now - started).toSeconds()
                + " s");
      }
    }
    return Optional.empty();
  }

  /** The configured bounds. */
  HeartbeatLimits limits() {
    return limits;
  }

  /** Heartbeats waiting for a writer, in both queues. */
  int queued() {
    return waiting.size() + heldByRollups.size();
  }

  /** Fails every heartbeat still waiting: the application is stopping. */
  private void failWaiting() {
    for (var queue : List.of(waiting, heldByRollups)) {
      for (Waiting next; (next = queue.poll()) != null; ) {
        next.answer()
            .completeExceptionally(new HeartbeatNotRecordedException(Reason.STOPPING, null));
      }
    }
  }

  /**
   * Stops taking heartbeats: groups in flight are finished (their callers answered as usual),
   * waiting up to the heartbeat deadline for them; the heartbeats still queued are answered
   * "stopping" (503), so that none gets an error and no answered heartbeat is lost.
   */
  @PreDestroy
  synchronized void stop() {
    if (closed) {
      return;
    }
    closed = true;
    if (supervision != null) {
      supervision.cancel(false);
    }
    long deadline = System.nanoTime() + limits.timeout().toNanos();
    while (System.nanoTime() < deadline && writers.stream().anyMatch(w -> !w.isDead())) {
      for (Writer writer : writers) {
        Thread thread = writer.thread;
        if (thread != null && writer.idle) {
          thread.interrupt();
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    failWaiting();
  }
}
