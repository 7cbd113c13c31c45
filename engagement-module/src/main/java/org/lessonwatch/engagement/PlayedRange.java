package org.lessonwatch.engagement;

/** A stretch of media time a player actually played, in seconds, {@code fromSec < toSec}. */
public record PlayedRange(double fromSec, double toSec) {

  public PlayedRange {
    if (!(fromSec >= 0 && fromSec < toSec && toSec <= Heartbeat.MAX_MEDIA_SECONDS)) {
      throw new IllegalArgumentException("not a played range: " + fromSec + " - " + toSec);
    }
  }
}
