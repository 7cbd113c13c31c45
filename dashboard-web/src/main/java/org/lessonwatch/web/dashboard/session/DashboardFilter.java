package org.lessonwatch.web.dashboard.session;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.lessonwatch.web.problems.HtmlErrorPage;

/**
 * Guards every dashboard page: only the login page is open without a signed-in account (others
 * redirect there), every POST must be a form of known, bounded length that carries the session's
 * CSRF token, and every answer carries headers that keep it out of caches and frames and allow no
 * script at all.
 *
 * <p>Dashboard login is a plain session login, kept apart from the API's bearer tokens, which
 * {@code rest.auth.ApiAuthentication} checks for JAX-RS resources only.
 */
@WebFilter(urlPatterns = "/dashboard/*")
public class DashboardFilter extends HttpFilter {

  static final String LOGIN_PATH = "/dashboard/login";

  /**
   * The largest form body a dashboard page accepts, as for the API's JSON bodies. The largest real
   * one, the login form with a 255-character username and a 1,024-character password each character
   * sent as three percent-encoded UTF-8 bytes, is under 12 KiB.
   */
  static final int MAX_FORM_BYTES = 64 * 1024;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.setHeader(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
            + " frame-ancestors "
            + DashboardSession.frameAncestors(request)
            + "; base-uri 'none'");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "same-origin");
    response.setHeader("Cache-Control", "no-store");
    String path = request.getRequestURI().substring(request.getContextPath().length());

    if ("POST".equals(request.getMethod()) && !isReadableForm(request, response)) {
      return;
    }
    if ("POST".equals(request.getMethod()) && !DashboardSession.carriesCsrfToken(request)) {
      HtmlErrorPage.write(
          request,
          response,
          403,
          "Form expired",
          "This form was not sent from a current dashboard page. Reload the page and try again.");
      return;
    }
    if (path.equals(LOGIN_PATH) || DashboardSession.audience(request).isPresent()) {
      HttpSession before = request.getSession(false);
      if (before == null && path.equals(LOGIN_PATH)) {
        // The login form needs a session for its CSRF token; start it before anything is written.
        request.getSession(true);
        writeSessionCookie(request, response, null);
      }
      String idBefore = sessionId(request);
      chain.doFilter(request, response);
      writeSessionCookie(request, response, idBefore);
      return;
    }
    if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
      response.sendRedirect(request.getContextPath() + LOGIN_PATH);
    } else {
      HtmlErrorPage.write(request, response, 403, "Signed out", "Sign in to use the dashboard.");
    }
  }

  /**
   * Lets a posted form be read only if it says how long it is (or has no body) and is at most
   * {@link #MAX_FORM_BYTES}, and reads it as UTF-8, as the pages are written. Payara's own limit (2
   * MB) is an exception, that is a 500, when the parameters are read, and applies only to bodies of
   * declared length: a chunked one is read whole.
   *
   * @return whether the request may go on; if not, the answer is written
   */
  private static boolean isReadableForm(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    long length = request.getContentLengthLong();
    if (length < 0 && request.getHeader("Transfer-Encoding") != null) {
      HtmlErrorPage.write(
          request,
          response,
          411,
          "Length required",
          "A dashboard form must be sent with its length (Content-Length).");
      return false;
    }
    if (length > MAX_FORM_BYTES) {
      HtmlErrorPage.write(
          request,
          response,
          413,
          "Form too large",
          "This form is larger than any dashboard form can be. Reload the page and try again.");
      return false;
    }
    if (request.getCharacterEncoding() == null) {
      request.setCharacterEncoding(StandardCharsets.UTF_8.name());
    }
    return true;
  }

  private static String sessionId(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session == null ? null : session.getId();
  }

  /** A session that started or changed its id here gets its cookie written again. */
  private static void writeSessionCookie(
      HttpServletRequest request, HttpServletResponse response, String idBefore) {
    HttpSession session = request.getSession(false);
    if (session != null && !session.getId().equals(idBefore)) {
      DashboardSession.writeSessionCookie(request, response, "Lax", request.isSecure());
    }
  }
}
