package org.lessonwatch.web.dashboard;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes CSV as RFC 4180 describes it (comma-separated, CRLF line ends, fields with commas, quotes
 * or line breaks in double quotes, inner quotes doubled). Cells that a spreadsheet would run as a
 * formula (starting with {@code = + - @}, tab or carriage return) get a leading {@code '}, so that
 * a title or learner id such as {@code =HYPERLINK(…)} stays text.
 */
final class Csv {

  /**
   * Characters per piece of the text: a file is kept as pieces of about this size, not one string,
   * so that a large one (a lesson's 19,000 learners are 2 MB) makes no object that G1 must place
   * outside the young generation (half a region: 512 KB with the benchmark's 512 MB heap), which
   * cost a learner CSV more in garbage collection than in writing it.
   */
  static final int PIECE = 32 * 1024;

  private final List<StringBuilder> pieces = new ArrayList<>();
  private StringBuilder out = new StringBuilder(PIECE + 256);

  Csv row(List<String> cells) {
    if (out.length() >= PIECE) {
      pieces.add(out);
      out = new StringBuilder(PIECE + 256);
    }
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      String value = cells.get(i);
      out.append(plain(value) ? value : cell(value));
    }
    out.append("\r\n");
    return this;
  }

  /** Whether {@link #cell} would write {@code value} as it is (most cells): checked in one pass. */
  private static boolean plain(String value) {
    if (value == null) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r' || i == 0 && "=+-@\t".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  static String cell(String value) {
    String text = value == null ? "" : value;
    if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    if (text.indexOf(',') >= 0
        || text.indexOf('"') >= 0
        || text.indexOf('\n') >= 0
        || text.indexOf('\r') >= 0) {
      return '"' + text.replace("\"", "\"\"") + '"';
    }
    return text;
  }

  @Override
  public String toString() {
    StringBuilder all = new StringBuilder();
    pieces.forEach(all::append);
    return all.append(out).toString();
  }

  /**
   * Answers with {@code csv} as a CSV download named {@code fileName}, piece by piece. Every row is
   * made before the first byte is sent, so that a failure while reading the figures is an error
   * page, not a cut-off file.
   */
  static void send(HttpServletResponse response, String fileName, Csv csv) throws IOException {
    response.setStatus(200);
    response.setContentType("text/csv;charset=UTF-8");
    response.setHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
    PrintWriter writer = response.getWriter();
    for (StringBuilder piece : csv.pieces) {
      writer.append(piece);
    }
    writer.append(csv.out);
  }
}
