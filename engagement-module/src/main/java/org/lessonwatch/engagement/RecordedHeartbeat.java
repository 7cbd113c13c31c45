package org.lessonwatch.engagement;

/** The watch session a heartbeat was recorded in, as it stands after the heartbeat. */
public record RecordedHeartbeat(
    long sessionId, int sessionNumber, int maxPositionSec, boolean completed) {}
