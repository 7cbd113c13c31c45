package org.lessonwatch.engagement.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A set of whole seconds of media time, as sorted, disjoint, non-adjacent half-open intervals
 * {@code [from, to)}: the same shape as a PostgreSQL {@code int4multirange}, whose text form
 * ({@code {[0,5),[17,20)}}) it reads and writes. Immutable.
 */
final class WatchedSeconds {

  static final WatchedSeconds NONE = new WatchedSeconds(new int[0]);

  private static final Pattern RANGE = Pattern.compile("\\[(\\d+),(\\d+)\\)");

  /** Interval bounds: from0, to0, from1, to1, … */
  private final int[] bounds;

  private WatchedSeconds(int[] bounds) {
    this.bounds = bounds;
  }

  /** Reads PostgreSQL's text form of an {@code int4multirange}. */
  static WatchedSeconds parse(String multirange) {
    if (multirange == null) {
      return NONE;
    }
    WatchedSeconds seconds = NONE;
    Matcher range = RANGE.matcher(multirange);
    while (range.find()) {
      seconds = seconds.plus(Integer.parseInt(range.group(1)), Integer.parseInt(range.group(2)));
    }
    return seconds;
  }

  /** This set with the seconds {@code [from, to)} added. */
  WatchedSeconds plus(int from, int to) {
    if (from >= to) {
      return this;
    }
    List<int[]> merged = new ArrayList<>();
    int start = from;
    int end = to;
    boolean placed = false;
    for (int i = 0; i < bounds.length; i += 2) {
      int a = bounds[i];
      int b = bounds[i + 1];
      if (b < start) {
        merged.add(new int[] {a, b});
      } else if (a > end) {
        if (!placed) {
          merged.add(new int[] {start, end});
          placed = true;
        }
        merged.add(new int[] {a, b});
      } else {
        start = Math.min(start, a);
        end = Math.max(end, b);
      }
    }
    if (!placed) {
      merged.add(new int[] {start, end});
    }
    merged.sort((x, y) -> Integer.compare(x[0], y[0]));
    int[] result = new int[merged.size() * 2];
    for (int i = 0; i < merged.size(); i++) {
      result[2 * i] = merged.get(i)[0];
      result[2 * i + 1] = merged.get(i)[1];
    }
    return new WatchedSeconds(result);
  }

  /** How many distinct seconds. */
  int total() {
    int total = 0;
    for (int i = 0; i < bounds.length; i += 2) {
      total += bounds[i + 1] - bounds[i];
    }
    return total;
  }

  /** How many of the seconds {@code [from, to)} are in this set. */
  int countWithin(int from, int to) {
    int count = 0;
    for (int i = 0; i < bounds.length; i += 2) {
      count += Math.max(0, Math.min(to, bounds[i + 1]) - Math.max(from, bounds[i]));
    }
    return count;
  }

  boolean contains(int second) {
    return countWithin(second, second + 1) == 1;
  }

  /** PostgreSQL's text form, such as {@code {[0,5),[17,20)}}. */
  String toMultirange() {
    StringBuilder text = new StringBuilder("{");
    for (int i = 0; i < bounds.length; i += 2) {
      text.append(i == 0 ? "" : ",").append('[').append(bounds[i]).append(',');
      text.append(bounds[i + 1]).append(')');
    }
    return text.append('}').toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WatchedSeconds that && java.util.Arrays.equals(bounds, that.bounds);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(bounds);
  }

  @Override
  public String toString() {
    return toMultirange();
  }
}
