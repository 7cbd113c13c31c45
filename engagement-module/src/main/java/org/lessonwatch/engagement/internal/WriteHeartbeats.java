package org.lessonwatch.engagement.internal;

import static java.util.stream.Collectors.toCollection;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lessonwatch.engagement.ImplausiblePlaybackException;
import org.lessonwatch.engagement.RecordedHeartbeat;

/**
 * Applies the session rules to a group of heartbeats in one transaction: lock the sequences of the
 * group's learners and lessons, read their latest sessions, then take the heartbeats in the order
 * they arrived, each continuing or starting a session as if it were alone.
 */
@ApplicationScoped
class WriteHeartbeats implements GroupWriter {

  @Inject WatchSessionRepository sessions;

  @Inject RollupStore rollups;

  @Inject SessionRules rules;

  @Inject Clock clock;

  @Resource TransactionSynchronizationRegistry transaction;

  /**
   * Writes the heartbeats and returns their outcomes, in the order given; all are committed, or
   * none. With {@link HeldSessions#SKIP}, a learner and lesson whose latest session the roll-up job
   * is holding is not waited for: the session is read as last committed, and a heartbeat that
   * starts the next session (the held one ended, or was idle past the gap) is written, since it
   * does not change the held session. A heartbeat that would continue the held session, and those
   * after it for the same pair, are {@link GroupOutcome.HeldBack held back}: write them again with
   * {@link HeldSessions#AWAIT}, which first waits for the job's batch to commit (holding no lock
   * meanwhile, so that no other heartbeat waits for this one while it waits). A heartbeat that
   * plays more than its session's time allows ({@link PlaybackPace}) is {@link GroupOutcome.Refused
   * refused} and changes nothing.
   *
   * <p>A group of {@link CheckedHeartbeat#rehearsal() rehearsals} (all of it, or none: {@link
   * GroupCommit} keeps them apart) is written, then written once more as its players' next
   * heartbeats (read back from the database, so that they continue the sessions just started and
   * are stored as updates), and then the transaction is rolled back. A group's changes are stored
   * in one statement once all its heartbeats have been applied ({@link
   * WatchSessionRepository#write}).
   */
  @Override
  @Transactional
  public List<GroupOutcome> write(List<CheckedHeartbeat> heartbeats, HeldSessions held) {
    if (held == HeldSessions.AWAIT) {
      rollups.awaitBatchInFlight();
    }
    boolean rehearsal = heartbeats.get(0).rehearsal();
    if (heartbeats.stream().anyMatch(heartbeat -> heartbeat.rehearsal() != rehearsal)) {
      throw new IllegalArgumentException("a group mixes rehearsals and heartbeats to record");
    }
    List<GroupOutcome> outcomes = apply(heartbeats, held);
    if (rehearsal) {
      apply(heartbeats, held);
      transaction.setRollbackOnly();
    }
    return outcomes;
  }

  private List<GroupOutcome> apply(List<CheckedHeartbeat> heartbeats, HeldSessions held) {
    var keys =
        heartbeats.stream().map(CheckedHeartbeat::key).collect(toCollection(LinkedHashSet::new));
    Map<StreamKey, SessionSequence> sequences = sessions.lockSequences(keys);
    Map<StreamKey, WatchSession> latest =
        new HashMap<>(sessions.latestSessions(sequences.values(), held));
    Map<StreamKey, WatchSession> heldByJob = heldByRollups(sequences, latest);
    Set<StreamKey> heldBack = new HashSet<>();
    Set<WatchSession> started = new LinkedHashSet<>(); // sessions compare by identity
    Set<WatchSession> changed = new LinkedHashSet<>();
    List<GroupOutcome> outcomes = new ArrayList<>(heartbeats.size());
    WatchSession[] writtenIn = new WatchSession[heartbeats.size()];
    for (CheckedHeartbeat heartbeat : heartbeats) {
      StreamKey key = heartbeat.key();
      if (heldBack.contains(key)) {
        outcomes.add(GroupOutcome.HELD_BACK); // follows the pair's earlier heartbeat
        continue;
      }
      WatchSession session = latest.getOrDefault(key, heldByJob.get(key));
      PlaybackSample sample = PlaybackSample.of(heartbeat.heartbeat());
      Instant now = clock.instant();
      var continuation =
          session == null
              ? WatchSession.Continuation.START_NEXT
              : session.classify(sample, now, rules);
      if (continuation == WatchSession.Continuation.CONTINUE && !latest.containsKey(key)) {
        heldBack.add(key); // would change a session the roll-up job holds: wait for the job
        outcomes.add(GroupOutcome.HELD_BACK);
        continue;
      }
      try {
        switch (continuation) {
          case CONTINUE ->
              PlaybackPace.require(session.playedDs(), session.startedAt(), sample.played(), now);
          case START_NEXT -> PlaybackPace.require(0, now, sample.played(), now);
          case DUPLICATE_END -> {}
        }
      } catch (ImplausiblePlaybackException e) {
        outcomes.add(new GroupOutcome.Refused(e)); // changes nothing, starts nothing
        continue;
      }
      switch (continuation) {
        case CONTINUE -> {
          session.record(sample, heartbeat.catalogueDurationSec(), rules, now);
          if (!started.contains(session)) {
            changed.add(session);
          }
        }
        case START_NEXT -> {
          session =
              WatchSession.start(
                  key,
                  sequences.get(key).next(),
                  sample,
                  heartbeat.catalogueDurationSec(),
                  rules,
                  now);
          started.add(session);
          latest.put(key, session);
        }
        case DUPLICATE_END -> {}
      }
      writtenIn[outcomes.size()] = session;
      outcomes.add(new GroupOutcome.Written(session.recorded()));
    }
    sessions.write(started, changed);
    return withSessionIds(outcomes, writtenIn);
  }

  /**
   * The answers of heartbeats that started a session, which were taken before the session was
   * stored, with the id it was given; the rest as they are.
   */
  private static List<GroupOutcome> withSessionIds(
      List<GroupOutcome> outcomes, WatchSession[] writtenIn) {
    for (int i = 0; i < outcomes.size(); i++) {
      if (outcomes.get(i) instanceof GroupOutcome.Written written
          && written.answer().sessionId() == 0) {
        RecordedHeartbeat answer = written.answer();
        outcomes.set(
            i,
            new GroupOutcome.Written(
                new RecordedHeartbeat(
                    writtenIn[i].id(),
                    answer.sessionNumber(),
                    answer.maxPositionSec(),
                    answer.completed(),
                    answer.watchedSec(),
                    answer.watchedShare())));
      }
    }
    return outcomes;
  }

  /** The latest sessions that the roll-up job holds (skipped by the locking read), unlocked. */
  private Map<StreamKey, WatchSession> heldByRollups(
      Map<StreamKey, SessionSequence> sequences, Map<StreamKey, WatchSession> locked) {
    return sessions.readLatestSessions(
        sequences.values().stream()
            .filter(sequence -> !locked.containsKey(sequence.key()))
            .toList());
  }
}
