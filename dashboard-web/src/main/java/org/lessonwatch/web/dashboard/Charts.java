package org.lessonwatch.web.dashboard;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import org.lessonwatch.engagement.CoverageReport;
import org.lessonwatch.engagement.DailyActivity;
import org.lessonwatch.engagement.RetentionCurve;
import org.lessonwatch.web.dashboard.ChartView.Bar;
import org.lessonwatch.web.dashboard.ChartView.Dot;
import org.lessonwatch.web.dashboard.ChartView.Label;
import org.lessonwatch.web.dashboard.ChartView.Plot;
import org.lessonwatch.web.dashboard.ChartView.Series;
import org.lessonwatch.web.dashboard.ChartView.Sparkline;
import org.lessonwatch.web.dashboard.ChartView.Tick;

/**
 * Builds the dashboard's charts from analytics results: scales data to view-box coordinates, picks
 * round tick values and writes the text alternatives. Pure functions, so the geometry is unit
 * tested without a browser.
 */
final class Charts {

  static final int WIDTH = 720;
  static final int HEIGHT = 260;
  static final Plot PLOT = new Plot(60, 16, WIDTH - 16, HEIGHT - 48);
  private static final int MAX_DOTS = 62;
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

  private Charts() {}

  /** Maps the domain [d0, d1] linearly onto the range [r0, r1]; a point domain maps to r0. */
  record Scale(double d0, double d1, double r0, double r1) {
    double at(double value) {
      if (d1 == d0) {
        return round(r0);
      }
      return round(r0 + (value - d0) / (d1 - d0) * (r1 - r0));
    }
  }

  /**
   * Round tick values from 0 to at least {@code max}, about {@code count} steps of 1, 2 or 5 times
   * a power of ten (never below 1, for counts).
   */
  static List<Long> countTicks(long max, int count) {
    long top = Math.max(1, max);
    double raw = (double) top / Math.max(1, count);
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double normal = raw / magnitude;
    double factor = normal <= 1 ? 1 : normal <= 2 ? 2 : normal <= 5 ? 5 : 10;
    long step = Math.max(1, Math.round(factor * magnitude));
    List<Long> ticks = new ArrayList<>();
    for (long t = 0; ; t += step) {
      ticks.add(t);
      if (t >= top) {
        return ticks;
      }
    }
  }

  /** The retention curve as an area chart: x = position in the video, y = share of sessions. */
  static ChartView retention(RetentionCurve curve, Integer durationSec) {
    return retention(curve, List.of(), durationSec);
  }

  /**
   * The retention curve by furthest position, and, when players reported played ranges, a second
   * line by coverage: the share of those sessions that actually watched each point.
   */
  static ChartView retention(RetentionCurve curve, List<Double> coverage, Integer durationSec) {
    int points = curve.points();
    Scale x = new Scale(0, points, PLOT.left(), PLOT.right());
    Scale y = new Scale(0, 1, PLOT.bottom(), PLOT.top());
    List<Double> shares = curve.retention();
    StringBuilder line = new StringBuilder();
    List<List<String>> rows = new ArrayList<>();
    for (int k = 0; k < shares.size(); k++) {
      line.append(k == 0 ? "M" : " L").append(x.at(k)).append(' ').append(y.at(shares.get(k)));
      rows.add(
          coverage.isEmpty()
              ? List.of(position(k, points, durationSec), Format.percent(shares.get(k)))
              : List.of(
                  position(k, points, durationSec),
                  Format.percent(shares.get(k)),
                  Format.percent(coverage.get(k))));
    }
    StringBuilder watchedLine = new StringBuilder();
    for (int k = 0; k < coverage.size(); k++) {
      watchedLine.append(k == 0 ? "M" : " L").append(x.at(k)).append(' ');
      watchedLine.append(y.at(coverage.get(k)));
    }
    String area =
        shares.isEmpty()
            ? ""
            : line
                + " L"
                + x.at(shares.size() - 1)
                + ' '
                + PLOT.bottom()
                + " L"
                + x.at(0)
                + ' '
                + PLOT.bottom()
                + " Z";
    List<Tick> xTicks = new ArrayList<>();
    for (int k = 0; k <= points; k += Math.max(1, points / 4)) {
      xTicks.add(xTick(x.at(k), shortPosition(k, points, durationSec)));
    }
    List<Tick> yTicks = new ArrayList<>();
    for (int p = 0; p <= 100; p += 25) {
      yTicks.add(yTick(y.at(p / 100.0), p + "%"));
    }
    String description =
        shares.isEmpty()
            ? "No sessions with a known video duration in this range."
            : "Of "
                + Format.count(curve.sessions())
                + " sessions, "
                + Format.percent(shares.get(points / 4))
                + " reached a quarter of the video, "
                + Format.percent(shares.get(points / 2))
                + " the middle, "
                + Format.percent(shares.get(points * 3 / 4))
                + " three quarters and "
                + Format.percent(shares.get(points))
                + " the end.";
    return new ChartView(
        "retention",
        "Retention: share of sessions still watching at each point of the video",
        description,
        WIDTH,
        HEIGHT,
        PLOT,
        xTicks,
        yTicks,
        positionAxis(durationSec),
        yLabel("Sessions still watching"),
        retentionSeries(shares, line, area, watchedLine),
        List.of(),
        coverage.isEmpty() || shares.isEmpty()
            ? List.of("Position", "Sessions that reached it")
            : List.of("Position", "Sessions that reached it", "Sessions that watched it"),
        rows);
  }

  private static List<Series> retentionSeries(
      List<Double> shares, StringBuilder line, String area, StringBuilder watchedLine) {
    if (shares.isEmpty()) {
      return List.of();
    }
    Series reached =
        new Series("Reached (furthest position)", "s1", line.toString(), area, List.of());
    return watchedLine.isEmpty()
        ? List.of(reached)
        : List.of(
            reached,
            new Series("Watched (played ranges)", "s2", watchedLine.toString(), "", List.of()));
  }

  /** How often each 10-second stretch was played per watch: 1 is once, 2 twice on average. */
  static ChartView rewatch(List<CoverageReport.RewatchStretch> stretches, Integer durationSec) {
    int end =
        Math.max(
            durationSec == null ? 0 : durationSec,
            stretches.stream().mapToInt(CoverageReport.RewatchStretch::toSec).max().orElse(0));
    double max =
        stretches.stream()
            .mapToDouble(CoverageReport.RewatchStretch::playsPerSecond)
            .max()
            .orElse(1);
    long top = Math.max(2, (long) Math.ceil(max));
    Scale x = new Scale(0, Math.max(1, end), PLOT.left(), PLOT.right());
    Scale y = new Scale(0, top, PLOT.bottom(), PLOT.top());
    List<Bar> bars = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    for (CoverageReport.RewatchStretch stretch : stretches) {
      String where = Format.clock(stretch.fromSec()) + " – " + Format.clock(stretch.toSec());
      String plays = String.format(Locale.ROOT, "%.2f", stretch.playsPerSecond());
      double left = x.at(stretch.fromSec());
      double barTop = y.at(stretch.playsPerSecond());
      bars.add(
          new Bar(
              left,
              barTop,
              round(Math.max(1, x.at(stretch.toSec()) - left - 1)),
              round(PLOT.bottom() - barTop),
              where
                  + ": played "
                  + plays
                  + " times per watch by "
                  + stretch.sessions()
                  + " sessions"));
      rows.add(List.of(where, plays, Format.count(stretch.sessions())));
    }
    List<Tick> xTicks = new ArrayList<>();
    for (int i = 0; i <= 4; i++) {
      int second = end * i / 4;
      xTicks.add(xTick(x.at(second), Format.clock(second)));
    }
    List<Tick> yTicks = new ArrayList<>();
    for (long t = 0; t <= top; t++) {
      yTicks.add(yTick(y.at(t), t + "×"));
    }
    return new ChartView(
        "rewatch",
        "Rewatching: how often each stretch of the video was played per watch",
        stretches.isEmpty()
            ? "No player reported played ranges in this range."
            : "Each bar is a 10-second stretch; 1× means watched once, 2× twice on average.",
        WIDTH,
        HEIGHT,
        PLOT,
        xTicks,
        yTicks,
        xLabel("Position (m:ss)"),
        yLabel("Plays per watch"),
        List.of(),
        bars,
        List.of("Stretch", "Plays per watch", "Sessions"),
        rows);
  }

  /** Where sessions that were left before completion stopped: one bar per bucket of the video. */
  static ChartView dropOffs(RetentionCurve curve, Integer durationSec) {
    int buckets = curve.dropOffs().size();
    long max = curve.dropOffs().stream().mapToLong(Long::longValue).max().orElse(0);
    List<Long> ticks = countTicks(max, 4);
    Scale x = new Scale(0, Math.max(1, buckets), PLOT.left(), PLOT.right());
    Scale y = new Scale(0, ticks.get(ticks.size() - 1), PLOT.bottom(), PLOT.top());
    double slot = (PLOT.right() - PLOT.left()) / Math.max(1, buckets);
    double gap = slot > 4 ? 1 : 0;
    List<Bar> bars = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    long total = 0;
    for (int k = 0; k < buckets; k++) {
      long drops = curve.dropOffs().get(k);
      total += drops;
      if (drops == 0) {
        continue;
      }
      String where =
          position(k, buckets, durationSec) + " – " + position(k + 1, buckets, durationSec);
      double top = y.at(drops);
      bars.add(
          new Bar(
              x.at(k) + gap / 2,
              top,
              round(slot - gap),
              round(PLOT.bottom() - top),
              where + ": " + Format.count(drops) + (drops == 1 ? " session" : " sessions")));
      rows.add(List.of(where, Format.count(drops)));
    }
    List<Tick> xTicks = new ArrayList<>();
    for (int k = 0; buckets > 0 && k <= buckets; k += Math.max(1, buckets / 4)) {
      xTicks.add(xTick(x.at(k), shortPosition(k, buckets, durationSec)));
    }
    List<Tick> yTicks = ticks.stream().map(t -> yTick(y.at(t), Format.count(t))).toList();
    String description =
        total == 0
            ? "No session was left before completion in this range."
            : Format.count(total)
                + " sessions were left before completion"
                + (rows.isEmpty() ? "." : "; the table below lists where.");
    return new ChartView(
        "drop-offs",
        "Drop-offs: where sessions that were not completed stopped",
        description,
        WIDTH,
        HEIGHT,
        PLOT,
        xTicks,
        yTicks,
        positionAxis(durationSec),
        yLabel("Sessions left here"),
        List.of(),
        bars,
        List.of("Left between", "Sessions"),
        rows);
  }

  /** Sessions, completed sessions and return sessions per day, as three lines. */
  static ChartView daily(List<DailyActivity> days) {
    long max =
        days.stream()
            .mapToLong(d -> Math.max(d.sessions(), Math.max(d.completed(), d.returnSessions())))
            .max()
            .orElse(0);
    List<Long> ticks = countTicks(max, 4);
    Scale x = new Scale(0, Math.max(1, days.size() - 1), PLOT.left(), PLOT.right());
    Scale y = new Scale(0, ticks.get(ticks.size() - 1), PLOT.bottom(), PLOT.top());
    if (days.size() == 1) {
      x = new Scale(-1, 1, PLOT.left(), PLOT.right());
    }
    List<Series> series =
        List.of(
            dailySeries(days, x, y, "Sessions", "s1", DailyActivity::sessions),
            dailySeries(days, x, y, "Completed", "s2", DailyActivity::completed),
            dailySeries(days, x, y, "Return sessions", "s3", DailyActivity::returnSessions));
    List<Tick> xTicks = new ArrayList<>();
    int every = Math.max(1, (int) Math.ceil(days.size() / 7.0));
    for (int i = 0; i < days.size(); i += every) {
      xTicks.add(xTick(x.at(i), DAY.format(days.get(i).day())));
    }
    List<Tick> yTicks = ticks.stream().map(t -> yTick(y.at(t), Format.count(t))).toList();
    List<List<String>> rows = new ArrayList<>();
    long sessions = 0;
    long completed = 0;
    long returns = 0;
    for (DailyActivity day : days) {
      sessions += day.sessions();
      completed += day.completed();
      returns += day.returnSessions();
      rows.add(
          List.of(
              day.day().toString(),
              Format.count(day.sessions()),
              Format.count(day.completed()),
              Format.count(day.returnSessions())));
    }
    return new ChartView(
        "daily",
        "Sessions per day",
        "Over "
            + days.size()
            + (days.size() == 1 ? " day: " : " days: ")
            + Format.count(sessions)
            + " sessions, "
            + Format.count(completed)
            + " completed, "
            + Format.count(returns)
            + " return sessions; the busiest day had "
            + Format.count(max)
            + ".",
        WIDTH,
        HEIGHT,
        PLOT,
        xTicks,
        yTicks,
        xLabel("Day session started"),
        yLabel("Sessions"),
        series,
        List.of(),
        List.of("Day", "Sessions", "Completed", "Return sessions"),
        rows);
  }

  /** A small retention line for a table cell; {@code null} when there is no curve to draw. */
  static Sparkline sparkline(RetentionCurve curve) {
    List<Double> shares = curve.retention();
    if (shares.size() < 2) {
      return null;
    }
    int width = 120;
    int height = 28;
    Scale x = new Scale(0, shares.size() - 1, 1, width - 1);
    Scale y = new Scale(0, 1, height - 2, 2);
    StringBuilder points = new StringBuilder();
    for (int k = 0; k < shares.size(); k++) {
      points.append(k == 0 ? "" : " ").append(x.at(k)).append(',').append(y.at(shares.get(k)));
    }
    int last = shares.size() - 1;
    return new Sparkline(
        width,
        height,
        points.toString(),
        "Retention: "
            + Format.percent(shares.get(last / 2))
            + " of sessions reached the middle, "
            + Format.percent(shares.get(last))
            + " the end");
  }

  private static Series dailySeries(
      List<DailyActivity> days,
      Scale x,
      Scale y,
      String name,
      String cssClass,
      ToLongFunction<DailyActivity> value) {
    StringBuilder line = new StringBuilder();
    List<Dot> dots = new ArrayList<>();
    for (int i = 0; i < days.size(); i++) {
      long v = value.applyAsLong(days.get(i));
      line.append(i == 0 ? "M" : " L").append(x.at(i)).append(' ').append(y.at(v));
      if (days.size() <= MAX_DOTS) {
        dots.add(
            new Dot(x.at(i), y.at(v), days.get(i).day() + ": " + Format.count(v) + " " + name));
      }
    }
    return new Series(name, cssClass, line.toString(), "", dots);
  }

  /**
   * Point k of {@code points} as a position: m:ss when the duration is known, else a percentage.
   */
  static String position(int k, int points, Integer durationSec) {
    String percent = String.format(Locale.ROOT, "%d%%", Math.round(100.0 * k / points));
    if (durationSec == null || durationSec <= 0) {
      return percent;
    }
    return Format.clock(Math.round((double) durationSec * k / points)) + " (" + percent + ")";
  }

  private static String shortPosition(int k, int points, Integer durationSec) {
    if (durationSec == null || durationSec <= 0) {
      return Math.round(100.0 * k / points) + "%";
    }
    return Format.clock(Math.round((double) durationSec * k / points));
  }

  private static Tick xTick(double x, String label) {
    return new Tick(x, PLOT.bottom(), x, PLOT.bottom() + 5, x, PLOT.bottom() + 18, label);
  }

  private static Tick yTick(double y, String label) {
    return new Tick(PLOT.left(), y, PLOT.right(), y, PLOT.left() - 8, y + 4, label);
  }

  /** The x-axis title of charts along the video: time when the duration is known, else %. */
  private static Label positionAxis(Integer durationSec) {
    return xLabel(
        durationSec == null ? "Position in the video (% of its length)" : "Position (m:ss)");
  }

  private static Label xLabel(String text) {
    return new Label((PLOT.left() + PLOT.right()) / 2, HEIGHT - 8, "", text);
  }

  private static Label yLabel(String text) {
    double cy = (PLOT.top() + PLOT.bottom()) / 2;
    return new Label(14, cy, "rotate(-90 14 " + cy + ")", text);
  }

  static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
