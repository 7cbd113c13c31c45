package org.lessonwatch.engagement.internal;

import org.lessonwatch.engagement.Heartbeat;

/**
 * A heartbeat whose lesson the catalogue knows and has a video for.
 *
 * @param catalogueDurationSec the catalogue's duration, or {@code null} when unknown
 * @param rehearsal whether it is only rehearsed: written in a transaction that is rolled back
 */
record CheckedHeartbeat(Heartbeat heartbeat, Integer catalogueDurationSec, boolean rehearsal) {

  CheckedHeartbeat(Heartbeat heartbeat, Integer catalogueDurationSec) {
    this(heartbeat, catalogueDurationSec, false);
  }

  StreamKey key() {
    return StreamKey.of(heartbeat.learner(), heartbeat.content());
  }
}
