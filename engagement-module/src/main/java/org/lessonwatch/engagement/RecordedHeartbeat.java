package org.lessonwatch.engagement;

/**
 * The watch session a heartbeat was recorded in, as it stands after the heartbeat.
 *
 * @param watchedSec distinct seconds played, or {@code null} when the player reports no ranges
 * @param watchedShare {@code watchedSec} over the duration (at most 1), or {@code null} when either
 *     is unknown
 */
public record RecordedHeartbeat(
    long sessionId,
    int sessionNumber,
    int maxPositionSec,
    boolean completed,
    Integer watchedSec,
    Double watchedShare) {}
