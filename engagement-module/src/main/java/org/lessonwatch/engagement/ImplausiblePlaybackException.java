package org.lessonwatch.engagement;

/**
 * A heartbeat whose played ranges no real playback could have sent: one ends past the end of the
 * video, as the heartbeat itself or else the catalogue gives its duration. Nothing of the heartbeat
 * is recorded.
 */
public class ImplausiblePlaybackException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Seconds a range may end past the known duration: players report the end fractionally late. */
  public static final int DURATION_SLACK_SEC = 1;

  private final String field;

  public ImplausiblePlaybackException(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  /** The request field at fault, such as {@code played[3]}. */
  public String field() {
    return field;
  }
}
