package org.lessonwatch.web.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How often each second of a video was watched by one learner, from the distinct seconds each of
 * their sittings played: not at all, in one sitting, or in two or more. Drawn as runs of equal
 * level along the video ({@code x} and {@code width} in seconds, the SVG's own units).
 *
 * @param summary the shares of the video at each level, in words
 */
public record HeatStrip(int durationSec, List<Run> runs, String summary) {

  /** Seconds {@code [x, x + width)} watched at {@code level}: 0, 1, or 2 for two or more. */
  public record Run(int x, int width, int level) {}

  /**
   * The strip of a video of {@code durationSec} (at least 1) from the sittings' watched seconds,
   * each a list of {@code [from, to)} pairs; seconds past the duration are left out.
   */
  static HeatStrip of(int durationSec, List<List<int[]>> sittings) {
    int[] steps = new int[durationSec + 1];
    for (List<int[]> watched : sittings) {
      for (int[] range : watched) {
        int from = Math.max(0, Math.min(range[0], durationSec));
        int to = Math.max(from, Math.min(range[1], durationSec));
        steps[from]++;
        steps[to]--;
      }
    }
    List<Run> runs = new ArrayList<>();
    long[] seconds = new long[3];
    int level = -1;
    int start = 0;
    int sittingsHere = 0;
    for (int s = 0; s < durationSec; s++) {
      sittingsHere += steps[s];
      int here = Math.min(2, sittingsHere);
      seconds[here]++;
      if (here != level) {
        if (level >= 0) {
          runs.add(new Run(start, s - start, level));
        }
        level = here;
        start = s;
      }
    }
    runs.add(new Run(start, durationSec - start, Math.max(level, 0)));
    String summary =
        String.format(
            Locale.ROOT,
            "Watched in one sitting: %s of the video; in two or more: %s; not watched: %s.",
            Format.percent((double) seconds[1] / durationSec),
            Format.percent((double) seconds[2] / durationSec),
            Format.percent((double) seconds[0] / durationSec));
    return new HeatStrip(durationSec, List.copyOf(runs), summary);
  }
}
