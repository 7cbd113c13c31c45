package org.lessonwatch.web.rest;

import org.lessonwatch.engagement.RecordedHeartbeat;

/**
 * The session a heartbeat landed in, as players receive it (snake_case on the wire). {@code
 * completed} is by furthest position; {@code watchedSec} (distinct seconds played) and {@code
 * watchedPercent} (their share of the duration, 0 to 1) are {@code null} until the player reports
 * played ranges, and the share also while the duration is unknown.
 */
public record HeartbeatResponse(
    long sessionId,
    int sessionNumber,
    int maxPositionSec,
    boolean completed,
    Integer watchedSec,
    Double watchedPercent) {

  static HeartbeatResponse of(RecordedHeartbeat recorded) {
    return new HeartbeatResponse(
        recorded.sessionId(),
        recorded.sessionNumber(),
        recorded.maxPositionSec(),
        recorded.completed(),
        recorded.watchedSec(),
        recorded.watchedShare());
  }
}
