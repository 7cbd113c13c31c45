package org.lessonwatch.web.dashboard;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * Writes CSV as RFC 4180 describes it (comma-separated, CRLF line ends, fields with commas, quotes
 * or line breaks in double quotes, inner quotes doubled). Cells that a spreadsheet would run as a
 * formula (starting with {@code = + - @}, tab or carriage return) get a leading {@code '}, so that
 * a title or learner id such as {@code =HYPERLINK(…)} stays text.
 */
final class Csv {

  private final StringBuilder out = new StringBuilder();

  Csv row(List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(cell(cells.get(i)));
    }
    out.append("\r\n");
    return this;
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
    return out.toString();
  }

  /** Answers with {@code body} as a CSV download named {@code fileName}. */
  static void send(HttpServletResponse response, String fileName, String body) throws IOException {
    response.setStatus(200);
    response.setContentType("text/csv;charset=UTF-8");
    response.setHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
    response.getWriter().write(body);
  }
}
