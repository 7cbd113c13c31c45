package org.lessonwatch.engagement.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lessonwatch.content.ContentKind;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.engagement.Heartbeat;
import org.lessonwatch.engagement.PlayedRange;

/**
 * How long {@link WatchSession} takes to record a heartbeat with played ranges, and {@link
 * WatchedSeconds} to read a session's multirange back, for the inputs a hostile player can send:
 * 100 tiny separate ranges per heartbeat (each its own interval), and 100 ranges over a whole
 * 24-hour video. Plain loops with a warm-up and the median of repeats; no database. Run it with
 * {@code src/bench/watch-session-timing.sh}.
 */
public class WatchSessionTiming {

  static final SessionRules RULES = new SessionRules(Duration.ofMinutes(30), 90);
  static final ContentRef LESSON = new ContentRef(ContentKind.LMS_LESSON, 1);
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final int DAY = 86_400;

  public static void main(String[] args) {
    warmUp();
    tinyRanges();
    fullLengthRanges();
    seekEveryTenSeconds();
  }

  /** Compiles the paths measured: a short run of each scenario, printed nowhere. */
  static void warmUp() {
    for (int round = 0; round < 20; round++) {
      WatchSession session =
          WatchSession.start(StreamKey.of("bench", LESSON), 1, tiny(0), null, RULES, T0);
      for (int h = 1; h < 12; h++) {
        session.record(tiny(h), null, RULES, T0.plusSeconds(h));
        WatchedSeconds.parse(session.watched().toMultirange());
      }
    }
  }

  /** Heartbeat h plays [2k + 0.4, 2k + 0.6] for k = 100 h … 100 h + 99: 100 separate seconds. */
  static PlaybackSample tiny(int h) {
    List<PlayedRange> played = new ArrayList<>();
    for (int k = 100 * h; k < 100 * h + 100; k++) {
      int second = (2 * k) % DAY;
      played.add(new PlayedRange(second + 0.4, second + 0.6));
    }
    return sample(played);
  }

  static PlaybackSample sample(List<PlayedRange> played) {
    return PlaybackSample.of(new Heartbeat("bench", LESSON, 0, DAY, false, played));
  }

  static void tinyRanges() {
    System.out.println("100 tiny separate ranges per heartbeat, 24-hour video:");
    System.out.println(
        "  heartbeats  intervals  text KB  record ms (median of 11)  parse ms (median of 11)");
    WatchSession session =
        WatchSession.start(StreamKey.of("bench", LESSON), 1, tiny(0), null, RULES, T0);
    int h = 1;
    for (int checkpoint : new int[] {10, 50, 100, 200, 432}) {
      for (; h < checkpoint; h++) {
        session.record(tiny(h), null, RULES, T0.plusSeconds(h));
      }
      double[] record = new double[11];
      for (int i = 0; i < record.length; i++, h++) {
        long start = System.nanoTime();
        session.record(tiny(h), null, RULES, T0.plusSeconds(h));
        record[i] = (System.nanoTime() - start) / 1e6;
      }
      String text = session.watched().toMultirange();
      double[] parse = new double[11];
      for (int i = 0; i < parse.length; i++) {
        long start = System.nanoTime();
        WatchedSeconds.parse(text);
        parse[i] = (System.nanoTime() - start) / 1e6;
      }
      System.out.printf(
          "  %10d  %9d  %7.1f  %24.3f  %23.3f%n",
          h,
          intervals(text),
          text.length() / 1024.0,
          median(record),
          median(parse));
    }
    StringBuilder legacy = new StringBuilder("{");
    for (int k = 0; k < DAY / 2; k++) {
      legacy.append(k == 0 ? "" : ",").append('[').append(2 * k).append(',').append(2 * k + 1);
      legacy.append(')');
    }
    String text = legacy.append('}').toString();
    double[] parse = new double[3];
    for (int i = 0; i < parse.length; i++) {
      long start = System.nanoTime();
      WatchedSeconds.parse(text);
      parse[i] = (System.nanoTime() - start) / 1e6;
    }
    System.out.printf(
        "  parse of a stored multirange of %d intervals (%.0f KB): %.3f ms%n",
        DAY / 2, text.length() / 1024.0, median(parse));
  }

  static void fullLengthRanges() {
    List<PlayedRange> played = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      played.add(new PlayedRange(0, DAY));
    }
    PlaybackSample full = sample(played);
    WatchSession session =
        WatchSession.start(StreamKey.of("bench", LESSON), 1, full, null, RULES, T0);
    for (int h = 1; h < 200; h++) {
      session.record(full, null, RULES, T0.plusSeconds(h));
    }
    double[] record = new double[21];
    for (int i = 0; i < record.length; i++) {
      long start = System.nanoTime();
      session.record(full, null, RULES, T0.plusSeconds(200 + i));
      record[i] = (System.nanoTime() - start) / 1e6;
    }
    System.out.printf(
        "100 x [0, 86400] per heartbeat (8,640 stretches each): record %.3f ms (median of 21)%n",
        median(record));
  }

  /** A two-hour lecture watched 5 s at a time with a seek of 5 s: 720 intervals. */
  static void seekEveryTenSeconds() {
    WatchSession session = null;
    for (int h = 0; h < 72; h++) {
      List<PlayedRange> played = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        int from = 100 * h + 10 * i;
        played.add(new PlayedRange(from, from + 5));
      }
      PlaybackSample sample =
          PlaybackSample.of(new Heartbeat("bench", LESSON, 0, 7200, false, played));
      if (session == null) {
        session = WatchSession.start(StreamKey.of("bench", LESSON), 1, sample, null, RULES, T0);
      } else {
        session.record(sample, null, RULES, T0.plusSeconds(h));
      }
    }
    String text = session.watched().toMultirange();
    double[] parse = new double[21];
    for (int i = 0; i < parse.length; i++) {
      long start = System.nanoTime();
      WatchedSeconds.parse(text);
      parse[i] = (System.nanoTime() - start) / 1e6;
    }
    System.out.printf(
        "2-hour lecture, a seek every 10 s: %d intervals, watched %d s, parse %.3f ms%n",
        intervals(text), session.watchedSec(), median(parse));
  }

  static int intervals(String multirange) {
    return (int) multirange.chars().filter(c -> c == '[').count();
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
