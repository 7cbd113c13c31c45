package org.lessonwatch.engagement.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.lessonwatch.engagement.ImplausiblePlaybackException;
import org.lessonwatch.engagement.PlayedRange;

/**
 * How much media a session can have played by now: at most {@link #MAX_RATE} times the wall time
 * since it started, plus {@link #SLACK_SEC}. A heartbeat whose played ranges would take the session
 * past that is refused ({@code 422 implausible-playback}), so that a script cannot post a whole
 * video's ranges the moment it starts watching.
 */
final class PlaybackPace {

  /**
   * The fastest playback believed: twice the 2× that the common LMS players (and the browsers' own
   * controls) offer at most, so that nobody watching at any speed a player offers is refused.
   */
  static final int MAX_RATE = 4;

  /**
   * Media seconds allowed beyond the rate: a session's first heartbeat carries what was played
   * since the player's previous one (15 s at 4× is 60 s), and nodes' clocks differ a little.
   */
  static final int SLACK_SEC = 60;

  private PlaybackPace() {}

  /**
   * Refuses {@code played} when the session, which started at {@code started} and has played {@code
   * playedDsBefore} tenths of a second so far, cannot have played it too by {@code now}.
   */
  static void require(long playedDsBefore, Instant started, List<PlayedRange> played, Instant now) {
    if (played.isEmpty()) {
      return;
    }
    double adding = 0;
    for (PlayedRange range : played) {
      adding += range.toSec() - range.fromSec();
    }
    double total = playedDsBefore / 10.0 + adding;
    double wallSec = Math.max(0, Duration.between(started, now).toMillis() / 1000.0);
    double allowed = MAX_RATE * wallSec + SLACK_SEC;
    if (total > allowed) {
      throw new ImplausiblePlaybackException(
          "played",
          String.format(
              Locale.ROOT,
              "%.1f s of media played in a session that started %.0f s ago; at most %.0f s can"
                  + " have been (%d× speed, %d s of slack)",
              total,
              wallSec,
              allowed,
              MAX_RATE,
              SLACK_SEC));
    }
  }
}
