package org.lessonwatch.engagement.internal;

import java.util.List;
import org.lessonwatch.engagement.Heartbeat;
import org.lessonwatch.engagement.PlayedRange;

/**
 * A heartbeat reduced to what the session rules use, in whole seconds.
 *
 * @param positionSec the position, floored
 * @param reportedDurationSec the player's duration rounded up, or {@code null} when it reported
 *     none (a rounded-up duration stays positive and never cuts off the last partial second)
 * @param played the played ranges as reported, in the order played
 */
record PlaybackSample(
    int positionSec, Integer reportedDurationSec, boolean ended, List<PlayedRange> played) {

  PlaybackSample(int positionSec, Integer reportedDurationSec, boolean ended) {
    this(positionSec, reportedDurationSec, ended, List.of());
  }

  static PlaybackSample of(Heartbeat heartbeat) {
    double duration = heartbeat.durationSec();
    return new PlaybackSample(
        (int) Math.floor(heartbeat.positionSec()),
        duration > 0 ? (int) Math.ceil(duration) : null,
        heartbeat.ended(),
        heartbeat.played());
  }

  boolean reportsPlayed() {
    return !played.isEmpty();
  }
}
