package org.lessonwatch.web.demo;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The development-only demo player, under {@code /demo/}: {@code player} (the page, which reads
 * {@code content_kind}, {@code content_id} and {@code token} from its own query string in the
 * browser), {@code player.js} (its script) and {@code clip.wav} (the generated clip, with HTTP
 * range requests so that the player can seek). Everything answers 404 unless {@code
 * engagement.demo-player.enabled} is {@code true}.
 *
 * <p>The page is static: nothing from the request is written into it, so it cannot be used to
 * inject markup. It has its own Content-Security-Policy (scripts and connections to this origin
 * only).
 */
@WebServlet(urlPatterns = "/demo/*", loadOnStartup = 1)
public class DemoPlayerServlet extends HttpServlet {

  static final String ENABLED_KEY = "engagement.demo-player.enabled";

  private static final Logger LOG = Logger.getLogger(DemoPlayerServlet.class.getName());
  private static final Pattern SINGLE_RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  private static final String VIEWS = "/WEB-INF/views/demo/";

  private boolean enabled;

  @Override
  public void init() throws ServletException {
    enabled = ConfigProvider.getConfig().getOptionalValue(ENABLED_KEY, Boolean.class).orElse(false);
    if (enabled) {
      LOG.warning(
          ENABLED_KEY
              + "=true: the development-only demo player is served at /demo/player;"
              + " do not enable it in production");
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getPathInfo();
    if (!enabled || path == null) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    switch (path) {
      case "/player" -> resource(response, "player.html", "text/html;charset=UTF-8");
      case "/player.js" -> resource(response, "player.js", "text/javascript;charset=UTF-8");
      case "/clip.wav" -> clip(request, response);
      default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
    }
  }

  private void resource(HttpServletResponse response, String name, String contentType)
      throws IOException {
    try (InputStream in = getServletContext().getResourceAsStream(VIEWS + name)) {
      if (in == null) {
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
        return;
      }
      byte[] body = in.readAllBytes();
      response.setContentType(contentType);
      securityHeaders(response);
      response.setHeader("Cache-Control", "no-store");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    }
  }

  private static void securityHeaders(HttpServletResponse response) {
    response.setHeader(
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; connect-src 'self'; media-src 'self';"
            + " style-src 'self' 'unsafe-inline'; img-src 'self'; form-action 'self';"
            + " frame-ancestors 'none'; base-uri 'none'");
    response.setHeader("X-Content-Type-Options", "nosniff");
    // The page's URL may carry a token: never send it on as a referrer.
    response.setHeader("Referrer-Policy", "no-referrer");
  }

  /** The clip, whole (200) or one byte range of it (206); several ranges get the whole clip. */
  private static void clip(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    int length = DemoClip.length();
    response.setHeader("Accept-Ranges", "bytes");
    response.setHeader("Cache-Control", "public, max-age=3600");
    response.setHeader("ETag", "\"demo-clip-1\"");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setContentType(DemoClip.CONTENT_TYPE);
    String range = request.getHeader("Range");
    String ifRange = request.getHeader("If-Range");
    Matcher matcher = range == null ? null : SINGLE_RANGE.matcher(range.trim());
    if (matcher == null
        || !matcher.matches()
        || (ifRange != null && !ifRange.equals("\"demo-clip-1\""))) {
      response.setContentLength(length);
      DemoClip.write(response.getOutputStream(), 0, length);
      return;
    }
    long first;
    long last;
    String from = matcher.group(1);
    String to = matcher.group(2);
    try {
      if (from.isEmpty()) {
        if (to.isEmpty()) {
          throw new NumberFormatException("empty range");
        }
        first = Math.max(0, length - Long.parseLong(to)); // the last n bytes
        last = length - 1;
      } else {
        first = Long.parseLong(from);
        last = to.isEmpty() ? length - 1 : Math.min(Long.parseLong(to), length - 1);
      }
    } catch (NumberFormatException e) {
      first = length; // unsatisfiable
      last = -1;
    }
    if (first >= length || first > last) {
      response.setStatus(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
      response.setHeader("Content-Range", "bytes */" + length);
      response.setContentLength(0);
      return;
    }
    int count = (int) (last - first + 1);
    response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
    response.setHeader("Content-Range", "bytes " + first + "-" + last + "/" + length);
    response.setContentLength(count);
    DemoClip.write(response.getOutputStream(), (int) first, count);
  }
}
