package org.lessonwatch.engagement.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.hibernate.annotations.ColumnTransformer;
import org.lessonwatch.engagement.PlayedRange;
import org.lessonwatch.engagement.RecordedHeartbeat;

/**
 * One sitting of a learner with a lesson's video: the aggregate the session rules act on. It
 * extends itself with each heartbeat, clamps the furthest position to the duration, marks itself
 * completed once (never reverting) and closes on {@code ended}; deciding whether a heartbeat
 * continues it is also its own call ({@link #classify}). With played ranges it also keeps the
 * distinct seconds watched and how often each stretch was played, and a second completion by
 * coverage that seeking to the end cannot earn.
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

  /** Whether the player reports played ranges; coverage means nothing otherwise. */
  @Column(name = "coverage_tracked", nullable = false)
  private boolean coverageTracked;

  @Convert(converter = WatchedSecondsColumn.class)
  @ColumnTransformer(write = "cast(? as int4multirange)")
  @Column(name = "watched", nullable = false, columnDefinition = "int4multirange")
  private WatchedSeconds watched = WatchedSeconds.NONE;

  @Column(name = "watched_sec", nullable = false)
  private int watchedSec;

  @Column(name = "coverage_completed_at")
  private Instant coverageCompletedAt;

  /** Tenths of a second played per 10-second stretch, repeats included. */
  @Column(name = "played_ds_by_10s", nullable = false, columnDefinition = "integer[]")
  private int[] playedDsBy10s = new int[0];

  /** Distinct seconds watched per 10-second stretch. */
  @Column(name = "seen_sec_by_10s", nullable = false, columnDefinition = "integer[]")
  private int[] seenSecBy10s = new int[0];

  /**
   * Set by the roll-up job once the session is settled (ended, or idle past the gap); such a
   * session is never continued. Written only by that job.
   */
  @Column(name = "rolled_up", insertable = false, updatable = false)
  private boolean rolledUp;

  /** Length of the stretches rewatching is counted in. */
  static final int STRETCH_SEC = 10;

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
    // A rolled-up session was idle past the gap when the job looked; the job and this heartbeat
    // both lock the row, so the session cannot change after it was added to the roll-ups.
    return !rolledUp && rules.withinGap(lastHeartbeatAt, now)
        ? Continuation.CONTINUE
        : Continuation.START_NEXT;
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
    if (sample.reportsPlayed()) {
      recordPlayed(sample.played());
    }
    if (coverageTracked
        && coverageCompletedAt == null
        && durationSec != null
        && rules.reachesCompletion(Math.min(watchedSec, durationSec), durationSec)) {
      coverageCompletedAt = now;
    }
    if (sample.ended()) {
      endedAt = now;
    }
  }

  /**
   * Adds played ranges: a second counts as watched when the ranges cover most of it (bounds are
   * rounded), so consecutive heartbeats' ranges that meet mid-second count that second once.
   */
  private void recordPlayed(List<PlayedRange> played) {
    coverageTracked = true;
    for (PlayedRange range : played) {
      double from = range.fromSec();
      double to = durationSec == null ? range.toSec() : Math.min(range.toSec(), durationSec);
      if (from >= to) {
        continue;
      }
      watched = watched.plus((int) Math.round(from), (int) Math.round(to));
      addPlayedTime(from, to);
    }
    watchedSec = watched.total();
    seenSecBy10s = new int[playedDsBy10s.length];
    for (int stretch = 0; stretch < seenSecBy10s.length; stretch++) {
      seenSecBy10s[stretch] =
          watched.countWithin(stretch * STRETCH_SEC, (stretch + 1) * STRETCH_SEC);
    }
  }

  private void addPlayedTime(double from, double to) {
    int last = (int) Math.ceil(to / STRETCH_SEC) - 1;
    if (last >= playedDsBy10s.length) {
      playedDsBy10s = Arrays.copyOf(playedDsBy10s, last + 1);
    }
    for (int stretch = (int) (from / STRETCH_SEC); stretch <= last; stretch++) {
      double overlap =
          Math.min(to, (stretch + 1.0) * STRETCH_SEC) - Math.max(from, stretch * STRETCH_SEC);
      playedDsBy10s[stretch] += (int) Math.round(overlap * 10);
    }
  }

  RecordedHeartbeat recorded() {
    return new RecordedHeartbeat(
        id,
        sessionNumber,
        maxPositionSec,
        completedAt != null,
        coverageTracked ? watchedSec : null,
        watchedShare());
  }

  /** Distinct seconds watched over the duration, or {@code null} when either is unknown. */
  Double watchedShare() {
    return coverageTracked && durationSec != null
        ? Math.min(1.0, (double) watchedSec / durationSec)
        : null;
  }

  WatchedSeconds watched() {
    return watched;
  }

  int watchedSec() {
    return watchedSec;
  }

  boolean coverageTracked() {
    return coverageTracked;
  }

  Instant coverageCompletedAt() {
    return coverageCompletedAt;
  }

  int[] playedDsBy10s() {
    return playedDsBy10s.clone();
  }

  int[] seenSecBy10s() {
    return seenSecBy10s.clone();
  }

  StreamKey key() {
    return new StreamKey(learnerSub, contentKind, contentId);
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
