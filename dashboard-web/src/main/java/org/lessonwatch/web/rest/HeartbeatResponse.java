package org.lessonwatch.web.rest;

import org.lessonwatch.engagement.RecordedHeartbeat;

/** The session a heartbeat landed in, as players receive it (snake_case on the wire). */
public record HeartbeatResponse(
    long sessionId, int sessionNumber, int maxPositionSec, boolean completed) {

  static HeartbeatResponse of(RecordedHeartbeat recorded) {
    return new HeartbeatResponse(
        recorded.sessionId(),
        recorded.sessionNumber(),
        recorded.maxPositionSec(),
        recorded.completed());
  }
}
