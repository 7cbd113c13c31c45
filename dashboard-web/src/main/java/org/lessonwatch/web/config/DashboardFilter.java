package org.lessonwatch.web.config;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * Guards every dashboard page: only the login page is open without a signed-in account (others
 * redirect there), every POST must carry the session's CSRF token, and every answer carries headers
 * that keep it out of caches and frames and allow no script at all.
 *
 * <p>Dashboard login is a plain session login rather than a Jakarta Security mechanism because the
 * API's MP-JWT mechanism already is the module's one {@code HttpAuthenticationMechanism}.
 */
@WebFilter(urlPatterns = "/dashboard/*")
public class DashboardFilter extends HttpFilter {

  static final String LOGIN_PATH = "/dashboard/login";

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.setHeader(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
            + " frame-ancestors 'none'; base-uri 'none'");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "same-origin");
    response.setHeader("Cache-Control", "no-store");
    String path = request.getRequestURI().substring(request.getContextPath().length());

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

  private static String sessionId(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session == null ? null : session.getId();
  }

  /**
   * Payara 6 ignores the SameSite attribute of {@code SessionCookieConfig}, so when a session
   * starts or changes its id here, its cookie is written again with every attribute it needs. Only
   * dashboard requests create sessions; the API is stateless.
   */
  private static void writeSessionCookie(
      HttpServletRequest request, HttpServletResponse response, String idBefore) {
    HttpSession session = request.getSession(false);
    if (session == null || session.getId().equals(idBefore) || response.isCommitted()) {
      return;
    }
    String name = request.getServletContext().getSessionCookieConfig().getName();
    String path = request.getContextPath().isEmpty() ? "/" : request.getContextPath();
    response.setHeader(
        "Set-Cookie",
        (name == null ? "JSESSIONID" : name)
            + "="
            + session.getId()
            + "; Path="
            + path
            + "; HttpOnly; SameSite=Lax"
            + (request.isSecure() ? "; Secure" : ""));
  }
}
