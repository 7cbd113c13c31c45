package org.lessonwatch.web.lti;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /lti/jwks}: this tool's public keys as a JWK set, for platforms to check the tool's
 * signed requests (the client assertion of a service-token request). Public, like any key set;
 * platforms may cache it for {@value #MAX_AGE_SECONDS} seconds.
 */
@WebServlet("/lti/jwks")
public class JwksServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  static final int MAX_AGE_SECONDS = 300;

  @Inject transient ToolKeys keys;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "public, max-age=" + MAX_AGE_SECONDS);
    response.getWriter().write(keys.publicKeys().toString());
  }
}
