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
   * are stored as updates), and then the transaction is rolled back.
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
      sessions.flushAndClear();
      apply(heartbeats, held);
      sessions.flushAndClear();
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
    List<GroupOutcome> outcomes = new ArrayList<>(heartbeats.size());
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
        case CONTINUE -> session.record(sample, heartbeat.catalogueDurationSec(), rules, now);
        case START_NEXT -> {
          session =
              WatchSession.start(
                  key,
                  sequences.get(key).next(),
                  sample,
                  heartbeat.catalogueDurationSec(),
                  rules,
                  now);
          sessions.add(session);
          latest.put(key, session);
        }
        case DUPLICATE_END -> {}
      }
      outcomes.add(new GroupOutcome.Written(session.recorded()));
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
