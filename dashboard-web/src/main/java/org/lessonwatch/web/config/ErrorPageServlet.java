package org.lessonwatch.web.config;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers errors raised by the container rather than by a resource, such as the 401 that Payara's
 * JWT mechanism sends for a forged or expired token, with a problem document instead of the
 * server's HTML error page (mapped in {@code web.xml}).
 */
@WebServlet("/error")
public class ErrorPageServlet extends HttpServlet {

  private static final Logger LOG = Logger.getLogger(ErrorPageServlet.class.getName());

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer number ? number : 404;
    Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    if (failure != null) {
      LOG.log(Level.SEVERE, "request failed in the container", failure);
    }
    Problem problem =
        status == 401
            ? Problem.of(
                401, "invalid-token", "invalid token", "the bearer token is invalid or expired")
            : Problem.ofStatus(
                Response.Status.fromStatusCode(status) != null
                    ? Response.Status.fromStatusCode(status)
                    : Response.Status.INTERNAL_SERVER_ERROR,
                "the request cannot be served");
    response.setStatus(problem.status());
    response.setContentType(Problem.MEDIA_TYPE);
    response.setCharacterEncoding("UTF-8");
    if (problem.status() == 401) {
      response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    }
    response.getWriter().write(problem.toJson());
  }
}
