package org.lessonwatch.engagement;

import java.time.Duration;

/**
 * A heartbeat that was not recorded for a reason on this side, which the player may retry after a
 * while (an answer of 503 with {@code Retry-After}): nothing of it was written, except possibly
 * after {@link Reason#NOT_ANSWERED_IN_TIME}, when its group may still commit later.
 */
public class HeartbeatNotRecordedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why the heartbeat was not recorded, and when a retry makes sense. */
  public enum Reason {
    /** Every writer is busy and the queue of waiting heartbeats is full. */
    OVERLOADED(
        "too many heartbeats are waiting to be written; retry shortly", Duration.ofSeconds(2)),
    /** Its group was not committed within the heartbeat deadline: the database is not answering. */
    NOT_ANSWERED_IN_TIME(
        "the database did not answer in time; retry shortly", Duration.ofSeconds(5)),
    /** The database cannot be reached. */
    DATABASE_UNAVAILABLE("the database cannot be reached; retry shortly", Duration.ofSeconds(5)),
    /** The writer thread of its group failed (and is being replaced). */
    WRITER_FAILED("the heartbeat writer failed; retry shortly", Duration.ofSeconds(1)),
    /** This server is shutting down; another node (or this one, restarted) will take it. */
    STOPPING("this server is shutting down; retry shortly", Duration.ofSeconds(2));

    private final String detail;
    private final Duration retryAfter;

    Reason(String detail, Duration retryAfter) {
      this.detail = detail;
      this.retryAfter = retryAfter;
    }

    public String detail() {
      return detail;
    }

    public Duration retryAfter() {
      return retryAfter;
    }
  }

  private final Reason reason;

  public HeartbeatNotRecordedException(Reason reason, Throwable cause) {
    super(reason.detail(), cause, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
