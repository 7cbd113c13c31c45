package org.lessonwatch.engagement.internal;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lessonwatch.engagement.RecordedHeartbeat;

/**
 * Writes heartbeats in groups, one transaction per group. A few writer threads each take all the
 * heartbeats waiting (up to {@link #MAX_GROUP}) and write them in one transaction; each caller
 * returns once that transaction has committed, so an answer still means the heartbeat is durable.
 * The commit (PostgreSQL's WAL flush) and the round trips are shared by the group instead of paid
 * per heartbeat. Nothing waits for a group to fill: a heartbeat arriving while a writer is idle is
 * written at once, alone.
 *
 * <p>A group never waits for the roll-up job, which holds the sessions of its batch for up to a
 * second. Those sessions have ended or been idle past the gap, so a heartbeat after one of them
 * starts the next session without changing it; only a heartbeat that would continue one (possible
 * when nodes' clocks differ) is passed on to one more writer that does wait, so that it alone is
 * delayed, not everyone's in its group. If a group's transaction fails, its heartbeats are written
 * again one by one, so that one heartbeat's failure is reported to its caller alone.
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

  @Resource ManagedThreadFactory threads;

  @Inject WriteHeartbeats writes;

  private final BlockingQueue<Waiting> waiting = new LinkedBlockingQueue<>();

  /** Heartbeats that would have continued a session the roll-up job held. */
  private final BlockingQueue<Waiting> heldByRollups = new LinkedBlockingQueue<>();

  /** How many heartbeats of each learner and lesson are in {@link #heldByRollups} or its writer. */
  private final Map<StreamKey, Integer> held = new ConcurrentHashMap<>();

  private final List<Thread> writers = new ArrayList<>();
  private volatile boolean closed;

  private record Waiting(CheckedHeartbeat heartbeat, CompletableFuture<RecordedHeartbeat> answer) {}

  @PostConstruct
  void startWriters() {
    for (int i = 1; i <= WRITERS; i++) {
      startWriter("heartbeat-writer-" + i, () -> writeGroups(waiting, true));
    }
    startWriter("heartbeat-writer-after-rollups", () -> writeGroups(heldByRollups, false));
  }

  private void startWriter(String name, Runnable work) {
    Thread writer = threads.newThread(work);
    writer.setName(name);
    writer.start();
    writers.add(writer);
  }

  /** Writes the heartbeat with the next group; returns once it is committed. */
  RecordedHeartbeat write(CheckedHeartbeat heartbeat) {
    var entry = new Waiting(heartbeat, new CompletableFuture<>());
    waiting.add(entry);
    if (closed) {
      failWaiting();
    }
    try {
      return entry.answer().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw e;
    }
  }

  private void writeGroups(BlockingQueue<Waiting> queue, boolean skipBusy) {
    while (!closed) {
      List<Waiting> group = new ArrayList<>();
      try {
        group.add(queue.take());
      } catch (InterruptedException e) {
        break;
      }
      queue.drainTo(group, MAX_GROUP - 1);
      if (skipBusy) {
        holdBackHeldLearners(group);
      }
      try {
        write(group, skipBusy);
      } catch (RuntimeException | Error e) {
        LOG.log(Level.SEVERE, "A heartbeat writer failed unexpectedly", e);
        group.forEach(one -> one.answer().completeExceptionally(e));
      } finally {
        if (!skipBusy) {
          group.forEach(
              one ->
                  held.computeIfPresent(one.heartbeat().key(), (key, n) -> n == 1 ? null : n - 1));
        }
      }
    }
    failWaiting();
  }

  private void write(List<Waiting> group, boolean skipBusy) {
    if (group.isEmpty()) {
      return;
    }
    List<RecordedHeartbeat> answers;
    try {
      answers = writes.write(group.stream().map(Waiting::heartbeat).toList(), skipBusy);
    } catch (RuntimeException e) {
      if (group.size() == 1) {
        group.get(0).answer().completeExceptionally(e);
      } else {
        group.forEach(one -> write(List.of(one), false));
      }
      return;
    }
    for (int i = 0; i < group.size(); i++) {
      RecordedHeartbeat answer = answers.get(i);
      if (answer == null) {
        holdBack(group.get(i));
      } else {
        group.get(i).answer().complete(answer);
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
    held.merge(heartbeat.heartbeat().key(), 1, Integer::sum);
    heldByRollups.add(heartbeat);
  }

  /** Fails every heartbeat still waiting: the application is stopping. */
  private void failWaiting() {
    for (var queue : List.of(waiting, heldByRollups)) {
      for (Waiting next; (next = queue.poll()) != null; ) {
        next.answer()
            .completeExceptionally(
                new IllegalStateException("The application is stopping: heartbeat not recorded"));
      }
    }
  }

  @PreDestroy
  void stop() {
    closed = true;
    writers.forEach(Thread::interrupt);
  }
}
