package org.lessonwatch.web.startup;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.stream.Stream;
import org.lessonwatch.web.problems.HtmlErrorPage;
import org.lessonwatch.web.problems.Problem;

/**
 * Lets no request reach the application until start-up has succeeded, nor once the server has begun
 * to shut down ({@link ShutdownGrace}): API calls get a 503 problem document, dashboard pages a 503
 * page, so a server whose start-up failed says so to every client instead of the container's bare
 * 403 or 404 of an application that is not there. Declared in {@code web.xml} before every other
 * filter but the heartbeat endpoint's CORS, which only adds headers to what this answers.
 */
public class StartupGate extends HttpFilter {

  private static final long serialVersionUID = 1L;

  /** Seconds a client is asked to wait: an operator has to fix the cause and restart. */
  static final String RETRY_AFTER_SECONDS = "60";

  /** Seconds a client is asked to wait while the server shuts down. */
  static final String STOPPING_RETRY_AFTER_SECONDS = "2";

  /**
   * The stylesheet of the 503 page, and what Payara serves inside this application's context root:
   * health (which then says why), metrics and the OpenAPI document.
   */
  private static boolean isServedAnyway(String path) {
    return path.startsWith("/static/")
        || Stream.of("/health", "/metrics", "/openapi")
            .anyMatch(root -> path.equals(root) || path.startsWith(root + "/"));
  }

  /** Tells the warm-up where this application is served: its own requests go there. */
  @Override
  public void init() {
    WarmUp.contextPath = getServletContext().getContextPath();
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (StartupState.serving() || isServedAnyway(path)) {
      chain.doFilter(request, response);
      return;
    }
    if (StartupState.shuttingDown()) {
      refuseWhileStopping(request, response, path);
      return;
    }
    response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
    if (path.equals("/dashboard") || path.startsWith("/dashboard/")) {
      HtmlErrorPage.write(
          request,
          response,
          503,
          "Lessonwatch is not available",
          "The service did not start. An administrator finds the reason in the server log.");
      return;
    }
    Problem problem =
        Problem.of(
            503,
            "not-started",
            "service unavailable",
            "the service did not start; the server log says why");
    writeProblem(response, problem);
  }

  /** The server is shutting down: a client retries shortly, on another node or this one again. */
  private static void refuseWhileStopping(
      HttpServletRequest request, HttpServletResponse response, String path) throws IOException {
    response.setHeader("Retry-After", STOPPING_RETRY_AFTER_SECONDS);
    response.setHeader("Connection", "close");
    if (path.equals("/dashboard") || path.startsWith("/dashboard/")) {
      HtmlErrorPage.write(
          request,
          response,
          503,
          "Lessonwatch is restarting",
          "This server is shutting down. Try again in a moment.");
      return;
    }
    writeProblem(
        response,
        Problem.of(
            503, "stopping", "service unavailable", "this server is shutting down; retry shortly"));
  }

  private static void writeProblem(HttpServletResponse response, Problem problem)
      throws IOException {
    response.setStatus(problem.status());
    response.setContentType(Problem.MEDIA_TYPE);
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(problem.toJson());
  }
}
