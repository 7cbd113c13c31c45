package org.lessonwatch.web.dashboard;

import java.util.List;

/**
 * A long list on a page, started short: its first rows, and the rest behind "show all", so that the
 * charts after it stay in reach.
 */
public record ShortList<T>(List<T> first, List<T> rest, int count) {

  /** How many rows a list shows before "show all". */
  static final int SHOWN = 10;

  static <T> ShortList<T> of(List<T> rows) {
    int shown = Math.min(SHOWN, rows.size());
    return new ShortList<>(
        List.copyOf(rows.subList(0, shown)),
        List.copyOf(rows.subList(shown, rows.size())),
        rows.size());
  }
}
