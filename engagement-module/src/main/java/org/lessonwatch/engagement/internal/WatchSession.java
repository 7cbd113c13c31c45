package org.lessonwatch.engagement.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import org.lessonwatch.engagement.RecordedHeartbeat;

/**
 * One sitting of a learner with a lesson's video: the aggregate the session rules act on. It
 * extends itself with each heartbeat, clamps the furthest position to the duration, marks itself
 * completed once (never reverting) and closes on {@code ended}; deciding whether a heartbeat
 * continues it is also its own call ({@link #classify}).
 */
@Entity
@Table(name = "watch_sessions")
public class WatchSession {

  /** What a heartbeat means for the learner's latest session. */
  enum Continuation {
    /** The session is active: record the heartbeat in it. */
    CONTINUE,
    /** A repeated {@code ended} for a session closed within the gap: change nothing. */
    DUPLICATE_END,
    /** The session is over: the heartbeat starts the next one. */
    START_NEXT
  }

  @Id
  @Column(name = "session_id")
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "watch_sessions_seq")
  @SequenceGenerator(
      name = "watch_sessions_seq",
      sequenceName = "watch_sessions_seq",
      allocationSize = 50)
  private Long id;

  @Column(name = "learner_sub", nullable = false)
  private String learnerSub;

  @Column(name = "content_kind", nullable = false, length = 32)
  private String contentKind;

  @Column(name = "content_id", nullable = false)
  private long contentId;

  @Column(name = "session_number", nullable = false)
  private int sessionNumber;

  @Column(name = "started_at", nullable = false)
  private Instant startedAt;

  @Column(name = "last_heartbeat_at", nullable = false)
  private Instant lastHeartbeatAt;

  @Column(name = "ended_at")
  private Instant endedAt;

  @Column(name = "completed_at")
  private Instant completedAt;

  @Column(name = "duration_sec")
  private Integer durationSec;

  /** Whether {@link #durationSec} came from a player; if not, it follows the catalogue. */
  @Column(name = "duration_reported", nullable = false)
  private boolean durationReported;

  @Column(name = "max_position_sec", nullable = false)
  private int maxPositionSec;

  @Column(name = "heartbeat_count", nullable = false)
  private int heartbeatCount;

  protected WatchSession() {}

  /** Starts session number {@code number} with its first heartbeat. */
  static WatchSession start(
      StreamKey key,
      int number,
      PlaybackSample first,
      Integer catalogueDurationSec,
      SessionRules rules,
      Instant now) {
    WatchSession session = new WatchSession();
    session.learnerSub = key.learnerSub();
    session.contentKind = key.contentKind();
    session.contentId = key.contentId();
    session.sessionNumber = number;
    session.startedAt = now;
    session.record(first, catalogueDurationSec, rules, now);
    return session;
  }

  Continuation classify(PlaybackSample sample, Instant now, SessionRules rules) {
    if (endedAt != null) {
      return sample.ended() && rules.withinGap(endedAt, now)
          ? Continuation.DUPLICATE_END
          : Continuation.START_NEXT;
    }
    return rules.withinGap(lastHeartbeatAt, now) ? Continuation.CONTINUE : Continuation.START_NEXT;
  }

  /** Extends this session with a heartbeat that {@link #classify} said continues it. */
  void record(
      PlaybackSample sample, Integer catalogueDurationSec, SessionRules rules, Instant now) {
    lastHeartbeatAt = now;
    heartbeatCount++;
    if (sample.reportedDurationSec() != null) {
      durationSec = sample.reportedDurationSec();
      durationReported = true;
    } else if (!durationReported) {
      durationSec = catalogueDurationSec;
    }
    maxPositionSec = Math.max(maxPositionSec, sample.positionSec());
    if (durationSec != null) {
      maxPositionSec = Math.min(maxPositionSec, durationSec);
      if (completedAt == null && rules.reachesCompletion(maxPositionSec, durationSec)) {
        completedAt = now;
      }
    }
    if (sample.ended()) {
      endedAt = now;
    }
  }

  RecordedHeartbeat recorded() {
    return new RecordedHeartbeat(id, sessionNumber, maxPositionSec, completedAt != null);
  }

  int sessionNumber() {
    return sessionNumber;
  }

  int maxPositionSec() {
    return maxPositionSec;
  }

  Integer durationSec() {
    return durationSec;
  }

  Instant endedAt() {
    return endedAt;
  }

  Instant completedAt() {
    return completedAt;
  }

  int heartbeatCount() {
    return heartbeatCount;
  }
}
