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

  /** The text so far; the last piece is the one rows are added to. */
  private final List<StringBuilder> pieces =
      new ArrayList<>(List.of(new StringBuilder(PIECE + 256)));

  Csv row(List<String> cells) {
    StringBuilder out = pieces.get(pieces.size() - 1);
    if (out.length() >= PIECE) {
      out = new StringBuilder(PIECE + 256);
      pieces.add(out);
    }
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(cell(cells.get(i)));
    }
    out.append("\r\n");
    return this;
  }

  /** One cell's text as written: most cells as they are, found so in one pass over them. */
  static String cell(String value) {
    String text = value == null ? "" : value;
    boolean quoted = false;
    for (int i = 0; i < text.length() && !quoted; i++) {
      char c = text.charAt(i);
      quoted = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    return quoted ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }

  @Override
  public String toString() {
    return String.join("", pieces);
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
  }
}
