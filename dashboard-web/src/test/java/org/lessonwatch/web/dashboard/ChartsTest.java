package org.lessonwatch.web.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lessonwatch.engagement.DailyActivity;
import org.lessonwatch.engagement.RetentionCurve;

class ChartsTest {

  static RetentionCurve curve(long sessions, double startShare, double endShare) {
    List<Double> retention = new ArrayList<>();
    for (int k = 0; k <= 100; k++) {
      retention.add(startShare + (endShare - startShare) * k / 100);
    }
    List<Long> drops = new ArrayList<>(Collections.nCopies(100, 0L));
    drops.set(50, 3L);
    drops.set(99, 1L);
    return new RetentionCurve(100, sessions, retention, drops);
  }

  @Test
  void scalesLinearlyAndInvertsForTheYAxis() {
    Charts.Scale y = new Charts.Scale(0, 1, 200, 0);

    assertEquals(200, y.at(0));
    assertEquals(100, y.at(0.5));
    assertEquals(0, y.at(1));
    assertEquals(10, new Charts.Scale(5, 5, 10, 90).at(5), "a point domain maps to the start");
  }

  @Test
  void picksRoundCountTicksCoveringTheMaximum() {
    assertEquals(List.of(0L, 1L), Charts.countTicks(0, 4));
    assertEquals(List.of(0L, 1L, 2L, 3L), Charts.countTicks(3, 4));
    assertEquals(List.of(0L, 2L, 4L, 6L, 8L), Charts.countTicks(7, 4));
    assertEquals(List.of(0L, 50L, 100L, 150L), Charts.countTicks(143, 4));
    assertEquals(List.of(0L, 5_000L, 10_000L), Charts.countTicks(10_000, 3));
  }

  @Test
  void drawsRetentionAcrossThePlotFromFullToBottom() {
    ChartView chart = Charts.retention(curve(10, 1.0, 0.0), 600);

    String line = chart.series().get(0).line();
    assertTrue(line.startsWith("M" + Charts.PLOT.left() + " " + Charts.PLOT.top()), line);
    assertTrue(line.endsWith(Charts.PLOT.right() + " " + Charts.PLOT.bottom()), line);
    assertEquals(
        List.of("0:00", "2:30", "5:00", "7:30", "10:00"),
        chart.xTicks().stream().map(ChartView.Tick::label).toList());
    assertEquals(
        List.of("0%", "25%", "50%", "75%", "100%"),
        chart.yTicks().stream().map(ChartView.Tick::label).toList());
    assertEquals(101, chart.rows().size());
    assertEquals(List.of("5:00 (50%)", "50.0%"), chart.rows().get(50));
    assertTrue(chart.description().contains("50.0% the middle"), chart.description());
  }

  @Test
  void labelsPositionsAsPercentagesWithoutADuration() {
    ChartView chart = Charts.retention(curve(4, 1.0, 0.5), null);

    assertEquals("50%", chart.xTicks().get(2).label());
    assertEquals(List.of("50%", "75.0%"), chart.rows().get(50));
  }

  @Test
  void drawsNothingButSaysSoWithoutSessions() {
    RetentionCurve none = new RetentionCurve(100, 0, List.of(), Collections.nCopies(100, 0L));

    ChartView retention = Charts.retention(none, 600);
    ChartView drops = Charts.dropOffs(none, 600);

    assertTrue(retention.series().isEmpty());
    assertTrue(retention.description().startsWith("No sessions"));
    assertTrue(drops.bars().isEmpty());
    assertNull(Charts.sparkline(none));
  }

  @Test
  void drawsOneBarPerBucketWithDropOffsScaledToTheTopTick() {
    ChartView chart = Charts.dropOffs(curve(10, 1.0, 0.0), 600);

    assertEquals(2, chart.bars().size());
    ChartView.Bar tallest = chart.bars().get(0);
    assertEquals(Charts.PLOT.top(), tallest.y(), "3 is the top tick");
    assertEquals(Charts.PLOT.bottom() - Charts.PLOT.top(), tallest.height(), 0.11);
    assertEquals(
        List.of(List.of("5:00 (50%) – 5:06 (51%)", "3"), List.of("9:54 (99%) – 10:00 (100%)", "1")),
        chart.rows());
  }

  @Test
  void drawsThreeDailySeriesAcrossTheRange() {
    LocalDate day = LocalDate.of(2025, 5, 1);
    List<DailyActivity> days =
        List.of(
            new DailyActivity(day, 4, 1, 0),
            new DailyActivity(day.plusDays(1), 0, 0, 0),
            new DailyActivity(day.plusDays(2), 2, 2, 1));

    ChartView chart = Charts.daily(days);

    assertEquals(3, chart.series().size());
    String sessions = chart.series().get(0).line();
    assertTrue(sessions.startsWith("M" + Charts.PLOT.left() + " " + Charts.PLOT.top()), sessions);
    assertTrue(sessions.contains("L" + Charts.PLOT.right() + " "), sessions);
    assertEquals(3, chart.series().get(0).dots().size());
    assertEquals(List.of("2025-05-03", "2", "2", "1"), chart.rows().get(2));
    assertEquals("1 May", chart.xTicks().get(0).label());
  }

  @Test
  void centresASingleDay() {
    ChartView chart = Charts.daily(List.of(new DailyActivity(LocalDate.of(2025, 5, 1), 1, 0, 0)));

    double centre = (Charts.PLOT.left() + Charts.PLOT.right()) / 2;
    assertEquals(centre, chart.series().get(0).dots().get(0).x(), 0.11);
  }

  @Test
  void drawsASparklineInsideItsBox() {
    ChartView.Sparkline spark = Charts.sparkline(curve(10, 1.0, 0.0));

    String[] points = spark.points().split(" ");
    assertEquals(101, points.length);
    assertEquals("1.0,2.0", points[0]);
    assertEquals("119.0,26.0", points[100]);
    assertTrue(spark.label().contains("50.0% of sessions reached the middle"), spark.label());
  }

  @Test
  void formatsMissingRatesAsDashNeverNaN() {
    assertEquals("—", Format.percent(null));
    assertEquals("—", Format.percent(Double.NaN));
    assertEquals("42.9%", Format.percent(3.0 / 7));
    assertEquals("1:01:05", Format.clock(3665));
    assertEquals("0:07", Format.clock(7));
    assertEquals("", Format.fraction(null));
  }
}
