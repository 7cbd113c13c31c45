package org.lessonwatch.web.problems;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A minimal HTML error page for the dashboard, for the cases where no page template can help: the
 * container's own errors and requests the security filter turns away. Written without the template
 * engine so that it works even when rendering is what failed; title and message are escaped (a
 * refused LTI launch names the LMS course it came from).
 */
public final class HtmlErrorPage {

  private HtmlErrorPage() {}

  public static void write(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String title,
      String message)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    response.setStatus(status);
    response.setContentType("text/html;charset=UTF-8");
    String root = request.getContextPath();
    response
        .getWriter()
        .write(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>"
                + escape(title)
                + " · Lessonwatch</title><link rel=\"stylesheet\" href=\""
                + root
                + "/static/css/dashboard.css\"></head><body><main class=\"page narrow\">"
                + "<h1>"
                + escape(title)
                + "</h1><p>"
                + escape(message)
                + "</p><p><a href=\""
                + root
                + "/dashboard\">Back to the dashboard</a></p></main></body></html>\n");
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
