package org.lessonwatch.web.rest.cors;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.lessonwatch.web.problems.Problem;

/**
 * CORS for the heartbeat endpoint (declared in {@code web.xml}, before every other filter, so that
 * even a 503 of a server that did not start reaches a player on another origin readably). A
 * preflight from an allowed origin is answered here, before authentication (a preflight carries no
 * token): {@code 204} allowing {@code POST} with the {@code Authorization} and {@code Content-Type}
 * headers, cached by the browser for {@value #MAX_AGE_SECONDS} seconds. A preflight from any other
 * origin gets {@code 403}. Every answer to an allowed origin names that origin, never {@code *},
 * and exposes {@code Retry-After}; credentials (cookies) are not part of it: the token travels in
 * the header. Requests from other origins are served as before, without CORS headers, so a browser
 * keeps their answers from the page.
 */
public class HeartbeatCors extends HttpFilter {

  private static final long serialVersionUID = 1L;

  /** How long a browser may reuse a preflight's answer. */
  static final int MAX_AGE_SECONDS = 600;

  @Inject transient AllowedOrigins origins;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String origin = request.getHeader("Origin");
    if (origins.any()) {
      // the answer depends on the origin: caches must keep one per origin
      response.addHeader("Vary", "Origin");
    }
    boolean allowed = origins.allows(origin);
    boolean preflight =
        "OPTIONS".equals(request.getMethod())
            && origin != null
            && request.getHeader("Access-Control-Request-Method") != null;
    if (preflight) {
      if (!allowed) {
        response.setStatus(403);
        response.setContentType(Problem.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response
            .getWriter()
            .write(
                Problem.of(
                        403,
                        "origin-not-allowed",
                        "origin not allowed",
                        "this origin is not in engagement.cors.allowed-origins")
                    .toJson());
        return;
      }
      response.setStatus(204);
      response.setHeader("Access-Control-Allow-Origin", origin);
      response.setHeader("Access-Control-Allow-Methods", "POST");
      response.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type");
      response.setHeader("Access-Control-Max-Age", Integer.toString(MAX_AGE_SECONDS));
      return;
    }
    if (allowed) {
      response.setHeader("Access-Control-Allow-Origin", origin);
      // a 503's Retry-After, readable by the player's script
      response.setHeader("Access-Control-Expose-Headers", "Retry-After");
    }
    chain.doFilter(request, response);
  }
}
