package org.lessonwatch.engagement.internal;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.lessonwatch.engagement.PlayedRange;
import org.lessonwatch.engagement.RecordedHeartbeat;

/**
 * One sitting of a learner with a lesson's video: the aggregate the session rules act on. It
 * extends itself with each heartbeat, clamps the furthest position to the duration, marks itself
 * completed once (never reverting) and closes on {@code ended}; deciding whether a heartbeat
 * continues it is also its own call ({@link #classify}). With played ranges it also keeps the
 * distinct seconds watched and how often each stretch was played, and a second completion by
 * coverage that seeking to the end cannot earn.
 *
 * <p>Whatever a player sends, a session stays small and quick to extend: the heartbeats of a whole
 * group wait for its transaction. Range bounds are rounded to whole seconds, so every interval and
 * gap kept is at least a second; ranges less than a second apart merge when both ends of the gap
 * round to the same second ({@code [0, 5.4]} and {@code [5.6, 9]} keep the gap {@code [5, 6)}). At
 * most {@link #MAX_WATCHED_INTERVALS} intervals are kept: beyond that the smallest gaps are filled
 * first, which can only overstate the seconds watched, by the seconds of those gaps, and never
 * loses a second played. The time played per stretch stops at {@link #MAX_PLAYED_DS_PER_STRETCH}
 * instead of overflowing.
 */
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

  /** Assigned when the session is first stored ({@link WatchSessionRepository#write}). */
  private Long id;

  private String learnerSub;
  private String contentKind;
  private long contentId;
  private int sessionNumber;
  private Instant startedAt;
  private Instant lastHeartbeatAt;
  private Instant endedAt;
  private Instant completedAt;
  private Integer durationSec;

  /** Whether {@link #durationSec} came from a player; if not, it follows the catalogue. */
  private boolean durationReported;

  private int maxPositionSec;
  private int heartbeatCount;

  /** Whether the player reports played ranges; coverage means nothing otherwise. */
  private boolean coverageTracked;

  private WatchedSeconds watched = WatchedSeconds.NONE;
  private int watchedSec;
  private Instant coverageCompletedAt;

  /** Tenths of a second played per 10-second stretch, repeats included. */
  private int[] playedDsBy10s = new int[0];

  /** Distinct seconds watched per 10-second stretch. */
  private int[] seenSecBy10s = new int[0];

  /**
   * Set by the roll-up job once the session is settled (ended, or idle past the gap); such a
   * session is never continued. Written only by that job.
   */
  private boolean rolledUp;

  /** Length of the stretches rewatching is counted in. */
  static final int STRETCH_SEC = 10;

  /**
   * The most intervals {@link #watched} keeps. Rounding the bounds to whole seconds makes each
   * interval and each gap at least a second long, which alone would allow 43,200 intervals in a
   * 24-hour video; real viewing leaves far fewer: the player starts a new range only on a seek or a
   * jump, and a 2-hour lecture skimmed with a seek every 10 s leaves 720. At 1,000, reading,
   * extending and writing a session stays a matter of microseconds and its multirange about 14 KB.
   */
  static final int MAX_WATCHED_INTERVALS = 1_000;

  /**
   * The most tenths of a second counted per stretch: 100,000 s, a 10-second stretch played 10,000
   * times, more than a day of playing it in a loop. Counters stop there instead of overflowing an
   * {@code int}, and the roll-ups' {@code bigint} sums per stretch stay exact for up to 9 × 10^12
   * sessions.
   */
  static final int MAX_PLAYED_DS_PER_STRETCH = 1_000_000;

  private WatchSession() {}

  /**
   * A session's state as {@link WatchSessionRepository} stores it; {@code id} is {@code null} until
   * the session is first stored.
   */
  record Stored(
      Long id,
      StreamKey key,
      int sessionNumber,
      Instant startedAt,
      Instant lastHeartbeatAt,
      Instant endedAt,
      Instant completedAt,
      Integer durationSec,
      boolean durationReported,
      int maxPositionSec,
      int heartbeatCount,
      boolean coverageTracked,
      WatchedSeconds watched,
      int watchedSec,
      Instant coverageCompletedAt,
      int[] playedDsBy10s,
      int[] seenSecBy10s,
      boolean rolledUp) {}

  static WatchSession restore(Stored stored) {
    WatchSession session = new WatchSession();
    session.id = stored.id();
    session.learnerSub = stored.key().learnerSub();
    session.contentKind = stored.key().contentKind();
    session.contentId = stored.key().contentId();
    session.sessionNumber = stored.sessionNumber();
    session.startedAt = stored.startedAt();
    session.lastHeartbeatAt = stored.lastHeartbeatAt();
    session.endedAt = stored.endedAt();
    session.completedAt = stored.completedAt();
    session.durationSec = stored.durationSec();
    session.durationReported = stored.durationReported();
    session.maxPositionSec = stored.maxPositionSec();
    session.heartbeatCount = stored.heartbeatCount();
    session.coverageTracked = stored.coverageTracked();
    session.watched = stored.watched();
    session.watchedSec = stored.watchedSec();
    session.coverageCompletedAt = stored.coverageCompletedAt();
    session.playedDsBy10s = stored.playedDsBy10s().clone();
    session.seenSecBy10s = stored.seenSecBy10s().clone();
    session.rolledUp = stored.rolledUp();
    return session;
  }

  Stored stored() {
    return new Stored(
        id,
        key(),
        sessionNumber,
        startedAt,
        lastHeartbeatAt,
        endedAt,
        completedAt,
        durationSec,
        durationReported,
        maxPositionSec,
        heartbeatCount,
        coverageTracked,
        watched,
        watchedSec,
        coverageCompletedAt,
        playedDsBy10s.clone(),
        seenSecBy10s.clone(),
        rolledUp);
  }

  /** Called once, by {@link WatchSessionRepository#write}, when the session is first stored. */
  void stored(long assignedId) {
    if (id != null) {
      throw new IllegalStateException("session " + id + " is stored already");
    }
    id = assignedId;
  }

  /** The id given when the session was first stored. */
  long id() {
    if (id == null) {
      throw new IllegalStateException("the session is not stored yet");
    }
    return id;
  }

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
    double[] clipped = new double[2 * played.size()];
    int[] rounded = new int[clipped.length];
    int n = 0;
    for (PlayedRange range : played) {
      double from = range.fromSec();
      double to = durationSec == null ? range.toSec() : Math.min(range.toSec(), durationSec);
      if (from < to) {
        clipped[n] = from;
        clipped[n + 1] = to;
        rounded[n] = (int) Math.round(from);
        rounded[n + 1] = (int) Math.round(to);
        n += 2;
      }
    }
    addPlayedTime(clipped, n);
    watched = watched.plus(Arrays.copyOf(rounded, n)).withAtMostIntervals(MAX_WATCHED_INTERVALS);
    watchedSec = watched.total();
    seenSecBy10s = watched.countPerStretch(STRETCH_SEC, playedDsBy10s.length);
  }

  /**
   * Adds the tenths of a second of the ranges {@code fromTo[0 … n)} to their stretches, each
   * stretch at most up to {@link #MAX_PLAYED_DS_PER_STRETCH}. A range's first and last stretch get
   * their overlap rounded to the tenth; the stretches between get a whole stretch each, marked in a
   * difference array, so that many ranges over a long video cost one pass over the stretches they
   * touch, not one per range.
   */
  private void addPlayedTime(double[] fromTo, int n) {
    if (n == 0) {
      return;
    }
    int lo = Integer.MAX_VALUE; // the stretches touched: lo … hi - 1
    int hi = 0;
    for (int i = 0; i < n; i += 2) {
      lo = Math.min(lo, (int) (fromTo[i] / STRETCH_SEC));
      hi = Math.max(hi, (int) Math.ceil(fromTo[i + 1] / STRETCH_SEC));
    }
    if (hi > playedDsBy10s.length) {
      playedDsBy10s = Arrays.copyOf(playedDsBy10s, hi);
    }
    long[] added = new long[hi - lo];
    int[] wholeFrom = new int[hi - lo + 1]; // +1 where a run of whole stretches starts, -1 after
    for (int i = 0; i < n; i += 2) {
      double from = fromTo[i];
      double to = fromTo[i + 1];
      int first = (int) (from / STRETCH_SEC);
      int last = (int) Math.ceil(to / STRETCH_SEC) - 1;
      added[first - lo] += playedDs(first, from, to);
      if (last > first) {
        added[last - lo] += playedDs(last, from, to);
        wholeFrom[first + 1 - lo]++;
        wholeFrom[last - lo]--;
      }
    }
    long whole = 0;
    for (int stretch = lo; stretch < hi; stretch++) {
      whole += wholeFrom[stretch - lo];
      long total = playedDsBy10s[stretch] + added[stretch - lo] + whole * STRETCH_SEC * 10;
      playedDsBy10s[stretch] = (int) Math.min(total, MAX_PLAYED_DS_PER_STRETCH);
    }
  }

  /** The tenths of a second of {@code [from, to)} within the stretch, rounded. */
  private static long playedDs(int stretch, double from, double to) {
    double overlap =
        Math.min(to, (stretch + 1.0) * STRETCH_SEC) - Math.max(from, stretch * STRETCH_SEC);
    return Math.round(overlap * 10);
  }

  /** The session as it stands now; its id is 0 until it is first stored. */
  RecordedHeartbeat recorded() {
    return new RecordedHeartbeat(
        id == null ? 0 : id,
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

  /** Tenths of a second played so far, repeats included (each stretch as far as it counts). */
  long playedDs() {
    long total = 0;
    for (int ds : playedDsBy10s) {
      total += ds;
    }
    return total;
  }

  Instant startedAt() {
    return startedAt;
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
