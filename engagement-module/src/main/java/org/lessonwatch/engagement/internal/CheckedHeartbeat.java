package org.lessonwatch.engagement.internal;

import org.lessonwatch.engagement.Heartbeat;

/**
 * A heartbeat whose lesson the catalogue knows and has a video for.
 *
 * @param catalogueDurationSec the catalogue's duration, or {@code null} when unknown
 */
record CheckedHeartbeat(Heartbeat heartbeat, Integer catalogueDurationSec) {

  StreamKey key() {
    return StreamKey.of(heartbeat.learner(), heartbeat.content());
  }
}
