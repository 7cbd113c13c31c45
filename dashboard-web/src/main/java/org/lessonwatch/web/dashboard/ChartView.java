package org.lessonwatch.web.dashboard;

import java.util.List;

/**
 * A chart ready to draw as inline SVG: every coordinate is computed here, in view-box units, so the
 * template only places elements. It carries its own text alternative (title and description) and
 * the numbers as a table.
 *
 * @param columns header of the table of numbers
 * @param rows rows of that table, formatted
 */
public record ChartView(
    String id,
    String title,
    String description,
    int width,
    int height,
    Plot plot,
    List<Tick> xTicks,
    List<Tick> yTicks,
    Label xAxisLabel,
    Label yAxisLabel,
    List<Series> series,
    List<Bar> bars,
    List<String> columns,
    List<List<String>> rows) {

  public String viewBox() {
    return "0 0 " + width + " " + height;
  }

  public boolean hasLegend() {
    return series.size() > 1;
  }

  /** The plotting area inside the axes. */
  public record Plot(double left, double top, double right, double bottom) {}

  /** A tick: its grid or tick line from (x1, y1) to (x2, y2), and its label. */
  public record Tick(
      double x1, double y1, double x2, double y2, double labelX, double labelY, String label) {}

  /** An axis title at (x, y); {@code transform} rotates the vertical one. */
  public record Label(double x, double y, String transform, String text) {}

  /** A line (and optionally the area under it), with dots when points are few enough to see. */
  public record Series(String name, String cssClass, String line, String area, List<Dot> dots) {}

  public record Dot(double x, double y, String title) {}

  public record Bar(double x, double y, double width, double height, String title) {}

  /** A tiny line without axes, for a table cell; {@code label} is its text alternative. */
  public record Sparkline(int width, int height, String points, String label) {
    public String viewBox() {
      return "0 0 " + width + " " + height;
    }
  }
}
