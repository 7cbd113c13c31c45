package org.lessonwatch.web.problems;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lessonwatch.engagement.DatabaseFailures;

/**
 * Answers errors raised by the container rather than by a resource (an unmapped path, a method not
 * allowed, an exception no mapper took) with a problem document instead of the server's HTML error
 * page (mapped in {@code web.xml}). Dashboard pages get a small HTML page instead.
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
    if (isDashboard(request)) {
      writeDashboardPage(request, response, status, failure);
      return;
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

  private static boolean isDashboard(HttpServletRequest request) {
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    String path =
        uri instanceof String text ? text.substring(request.getContextPath().length()) : "";
    return path.equals("/dashboard") || path.startsWith("/dashboard/");
  }

  /** People read dashboard pages: they get an HTML page, never a problem document. */
  private static void writeDashboardPage(
      HttpServletRequest request, HttpServletResponse response, int status, Throwable failure)
      throws IOException {
    if (failure != null && DatabaseFailures.isUnavailable(failure)) {
      response.setHeader("Retry-After", "5");
      HtmlErrorPage.write(
          request,
          response,
          503,
          "Database unavailable",
          "The database cannot be reached right now. Try again in a moment.");
    } else if (status == 404) {
      HtmlErrorPage.write(request, response, 404, "Not found", "There is no such page.");
    } else if (status == 405) {
      HtmlErrorPage.write(
          request, response, 405, "Not allowed", "This page cannot be used that way.");
    } else if (status >= 500 || failure != null) {
      HtmlErrorPage.write(
          request,
          response,
          status >= 500 ? status : 500,
          "Something went wrong",
          "The page could not be shown. The error has been logged.");
    } else {
      HtmlErrorPage.write(
          request, response, status, "Request not possible", "The request cannot be served.");
    }
  }
}
