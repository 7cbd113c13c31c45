package org.lessonwatch.engagement.internal;

import java.util.Arrays;

/**
 * A set of whole seconds of media time, as sorted, disjoint, non-adjacent half-open intervals
 * {@code [from, to)} of non-negative seconds: the same shape as a PostgreSQL {@code
 * int4multirange}, whose text form ({@code {[0,5),[17,20)}}) it reads and writes. Immutable.
 *
 * <p>Every operation is one pass over the intervals (adding ranges also sorts the new ones), since
 * a session is read, extended and written with each heartbeat, inside a transaction that the other
 * heartbeats of its group wait for.
 */
final class WatchedSeconds {

  static final WatchedSeconds NONE = new WatchedSeconds(new int[0]);

  /** Interval bounds: from0, to0, from1, to1, … */
  private final int[] bounds;

  private WatchedSeconds(int[] bounds) {
    this.bounds = bounds;
  }

  /**
   * Reads PostgreSQL's text form of an {@code int4multirange}. PostgreSQL writes it sorted,
   * disjoint and non-adjacent, each range as {@code [from,to)}, so it is taken as it is, checked in
   * the same pass.
   *
   * @throws IllegalArgumentException if the text is not such a multirange of non-negative seconds
   */
  static WatchedSeconds parse(String multirange) {
    if (multirange == null) {
      return NONE;
    }
    return new MultirangeText(multirange).read();
  }

  /** One pass over the text of a multirange. */
  private static final class MultirangeText {
    private final String text;
    private int at;

    MultirangeText(String text) {
      this.text = text;
    }

    WatchedSeconds read() {
      expect('{');
      int[] bounds = new int[Math.max(0, text.length() / 3)];
      int n = 0;
      while (!next('}')) {
        if (n > 0) {
          expect(',');
        }
        expect('[');
        int from = number();
        expect(',');
        int to = number();
        expect(')');
        if (from >= to || n > 0 && from <= bounds[n - 1]) {
          throw notCanonical();
        }
        bounds[n++] = from;
        bounds[n++] = to;
      }
      if (at != text.length()) {
        throw notCanonical();
      }
      return n == 0 ? NONE : new WatchedSeconds(Arrays.copyOf(bounds, n));
    }

    private boolean next(char c) {
      if (at < text.length() && text.charAt(at) == c) {
        at++;
        return true;
      }
      return false;
    }

    private void expect(char c) {
      if (!next(c)) {
        throw notCanonical();
      }
    }

    private int number() {
      int start = at;
      long value = 0;
      while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
        value = value * 10 + (text.charAt(at++) - '0');
        if (value > Integer.MAX_VALUE) {
          throw notCanonical();
        }
      }
      if (at == start) {
        throw notCanonical();
      }
      return (int) value;
    }

    private IllegalArgumentException notCanonical() {
      String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
      return new IllegalArgumentException(
          "not a sorted int4multirange of seconds (at character " + at + "): " + shown);
    }
  }

  /**
   * This set with the seconds {@code [from, to)} of each pair of {@code fromTo} added (from0, to0,
   * from1, to1, …, non-negative, in any order; empty pairs count for nothing). The new ranges are
   * sorted, then merged with the intervals in one pass.
   */
  WatchedSeconds plus(int... fromTo) {
    if (fromTo.length % 2 != 0) {
      throw new IllegalArgumentException("not pairs of bounds: " + fromTo.length + " values");
    }
    // from in the high half, to in the low: for non-negative bounds, sorting sorts by from
    long[] added = new long[fromTo.length / 2];
    int count = 0;
    for (int i = 0; i < fromTo.length; i += 2) {
      if (fromTo[i] < 0) {
        throw new IllegalArgumentException("negative second: " + fromTo[i]);
      }
      if (fromTo[i] < fromTo[i + 1]) {
        added[count++] = (long) fromTo[i] << 32 | fromTo[i + 1];
      }
    }
    if (count == 0) {
      return this;
    }
    Arrays.sort(added, 0, count);
    int[] merged = new int[bounds.length + 2 * count];
    int n = 0;
    int mine = 0;
    int theirs = 0;
    while (mine < bounds.length || theirs < count) {
      int from;
      int to;
      if (theirs == count || mine < bounds.length && bounds[mine] <= (int) (added[theirs] >>> 32)) {
        from = bounds[mine];
        to = bounds[mine + 1];
        mine += 2;
      } else {
        from = (int) (added[theirs] >>> 32);
        to = (int) added[theirs];
        theirs++;
      }
      if (n > 0 && from <= merged[n - 1]) {
        merged[n - 1] = Math.max(merged[n - 1], to); // overlaps or touches the previous interval
      } else {
        merged[n++] = from;
        merged[n++] = to;
      }
    }
    return new WatchedSeconds(Arrays.copyOf(merged, n));
  }

  /**
   * This set with the smallest gaps between its intervals filled until at most {@code intervals}
   * remain; of equal gaps, the earliest first. It holds every second this set holds, and the
   * seconds of the filled gaps besides.
   */
  WatchedSeconds withAtMostIntervals(int intervals) {
    if (intervals < 1) {
      throw new IllegalArgumentException("at least one interval must remain: " + intervals);
    }
    int gaps = intervals() - 1;
    int toFill = intervals() - intervals;
    if (toFill <= 0) {
      return this;
    }
    int[] gap = new int[gaps];
    for (int i = 0; i < gaps; i++) {
      gap[i] = bounds[2 * i + 2] - bounds[2 * i + 1];
    }
    int[] sorted = gap.clone();
    Arrays.sort(sorted);
    // fill every gap shorter than the longest one filled, and that long from the left
    int longest = sorted[toFill - 1];
    int ofLongest = toFill;
    for (int length : gap) {
      if (length < longest) {
        ofLongest--;
      }
    }
    int[] kept = new int[2 * intervals];
    int n = 0;
    kept[n++] = bounds[0];
    for (int i = 0; i < gaps; i++) {
      boolean fill = gap[i] < longest || gap[i] == longest && ofLongest-- > 0;
      if (!fill) {
        kept[n++] = bounds[2 * i + 1];
        kept[n++] = bounds[2 * i + 2];
      }
    }
    kept[n++] = bounds[bounds.length - 1];
    return new WatchedSeconds(kept);
  }

  /** How many intervals. */
  int intervals() {
    return bounds.length / 2;
  }

  /** How many distinct seconds. */
  int total() {
    int total = 0;
    for (int i = 0; i < bounds.length; i += 2) {
      total += bounds[i + 1] - bounds[i];
    }
    return total;
  }

  /**
   * How many of its seconds each of the first {@code stretches} stretches of {@code stretchSec}
   * seconds holds, in one sweep over the intervals and the stretches.
   */
  int[] countPerStretch(int stretchSec, int stretches) {
    int[] counts = new int[stretches];
    long end = (long) stretches * stretchSec;
    for (int i = 0; i < bounds.length && bounds[i] < end; i += 2) {
      int from = bounds[i];
      int to = (int) Math.min(bounds[i + 1], end);
      for (int stretch = from / stretchSec; stretch * stretchSec < to; stretch++) {
        counts[stretch] +=
            Math.min(to, (stretch + 1) * stretchSec) - Math.max(from, stretch * stretchSec);
      }
    }
    return counts;
  }

  boolean contains(int second) {
    // the bounds strictly increase: a second is in the set if it is a from or falls after one
    int at = Arrays.binarySearch(bounds, second);
    return at >= 0 ? at % 2 == 0 : (-at - 1) % 2 == 1;
  }

  /** PostgreSQL's text form, such as {@code {[0,5),[17,20)}}. */
  String toMultirange() {
    StringBuilder text = new StringBuilder(2 + bounds.length * 7).append('{');
    for (int i = 0; i < bounds.length; i += 2) {
      text.append(i == 0 ? "" : ",").append('[').append(bounds[i]).append(',');
      text.append(bounds[i + 1]).append(')');
    }
    return text.append('}').toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WatchedSeconds that && Arrays.equals(bounds, that.bounds);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bounds);
  }

  @Override
  public String toString() {
    return toMultirange();
  }
}
