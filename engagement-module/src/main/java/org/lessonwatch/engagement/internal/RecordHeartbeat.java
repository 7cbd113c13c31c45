package org.lessonwatch.engagement.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import org.lessonwatch.content.ContentCatalog;
import org.lessonwatch.content.LessonVideo;
import org.lessonwatch.engagement.Heartbeat;
import org.lessonwatch.engagement.HeartbeatRecorder;
import org.lessonwatch.engagement.RecordedHeartbeat;

/** The heartbeat use case: check the lesson, lock the learner's sequence, apply the rules. */
@ApplicationScoped
class RecordHeartbeat implements HeartbeatRecorder {

  @Inject ContentCatalog catalog;

  @Inject WatchSessionRepository sessions;

  @Inject SessionRules rules;

  @Inject Clock clock;

  @Override
  @Transactional
  public RecordedHeartbeat record(Heartbeat heartbeat) {
    LessonVideo video = catalog.videoFor(heartbeat.content());
    PlaybackSample sample = PlaybackSample.of(heartbeat);
    StreamKey key = StreamKey.of(heartbeat.learner(), heartbeat.content());
    SessionSequence sequence = sessions.lockSequence(key);
    Instant now = clock.instant();

    WatchSession latest =
        sequence.hasSessions() ? sessions.get(key, sequence.lastSessionNumber()) : null;
    var continuation =
        latest == null ? WatchSession.Continuation.START_NEXT : latest.classify(sample, now, rules);
    switch (continuation) {
      case CONTINUE -> latest.record(sample, video.durationSec(), rules, now);
      case START_NEXT -> {
        latest = WatchSession.start(key, sequence.next(), sample, video.durationSec(), rules, now);
        sessions.add(latest);
      }
      case DUPLICATE_END -> {}
    }
    return latest.recorded();
  }
}
