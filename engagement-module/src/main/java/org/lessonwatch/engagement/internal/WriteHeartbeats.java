package org.lessonwatch.engagement.internal;

import static java.util.stream.Collectors.toCollection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.lessonwatch.engagement.RecordedHeartbeat;

/**
 * Applies the session rules to a group of heartbeats in one transaction: lock the sequences of the
 * group's learners and lessons, read their latest sessions, then take the heartbeats in the order
 * they arrived, each continuing or starting a session as if it were alone.
 */
@ApplicationScoped
class WriteHeartbeats {

  @Inject WatchSessionRepository sessions;

  @Inject RollupStore rollups;

  @Inject SessionRules rules;

  @Inject Clock clock;

  /**
   * Writes the heartbeats and returns their answers, in the order given; all are committed, or
   * none. With {@code skipBusy}, the heartbeats of a learner and lesson whose latest session the
   * roll-up job is holding are not written, and their answers are {@code null}: write them again
   * without {@code skipBusy}, which first waits for the job's batch to commit (holding no lock
   * meanwhile, so that no other heartbeat waits for this one while it waits).
   */
  @Transactional
  public List<RecordedHeartbeat> write(List<CheckedHeartbeat> heartbeats, boolean skipBusy) {
    if (!skipBusy) {
      rollups.awaitBatchInFlight();
    }
    var keys =
        heartbeats.stream().map(CheckedHeartbeat::key).collect(toCollection(LinkedHashSet::new));
    Map<StreamKey, SessionSequence> sequences = sessions.lockSequences(keys);
    Map<StreamKey, WatchSession> latest =
        new HashMap<>(sessions.latestSessions(sequences.values(), skipBusy));
    List<RecordedHeartbeat> answers = new ArrayList<>(heartbeats.size());
    for (CheckedHeartbeat heartbeat : heartbeats) {
      StreamKey key = heartbeat.key();
      SessionSequence sequence = sequences.get(key);
      WatchSession session = latest.get(key);
      if (session == null && sequence.hasSessions()) {
        answers.add(null); // skipped: busy in the roll-up job
        continue;
      }
      PlaybackSample sample = PlaybackSample.of(heartbeat.heartbeat());
      Instant now = clock.instant();
      var continuation =
          session == null
              ? WatchSession.Continuation.START_NEXT
              : session.classify(sample, now, rules);
      switch (continuation) {
        case CONTINUE -> session.record(sample, heartbeat.catalogueDurationSec(), rules, now);
        case START_NEXT -> {
          session =
              WatchSession.start(
                  key, sequence.next(), sample, heartbeat.catalogueDurationSec(), rules, now);
          sessions.add(session);
          latest.put(key, session);
        }
        case DUPLICATE_END -> {}
      }
      answers.add(session.recorded());
    }
    return answers;
  }
}
