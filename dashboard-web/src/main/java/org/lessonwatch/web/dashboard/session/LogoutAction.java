package org.lessonwatch.web.dashboard.session;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.lessonwatch.web.dashboard.PageRenderer;

/**
 * {@code POST /dashboard/logout}: ends the session. Only POST (with the CSRF token the filter
 * checks), so that no link or image on another site can sign a user out. A dashboard account goes
 * to the login page; an LMS user, inside the LMS's frame, gets a page there that says how to come
 * back (the login page may not be framed, and is not how they sign in).
 */
@WebServlet("/dashboard/logout")
public class LogoutAction extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Inject transient PageRenderer renderer;

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    boolean fromLms = DashboardSession.fromLms(request);
    DashboardSession.signOut(request);
    if (fromLms) {
      // The filter has already framed this answer as the LMS session's pages were.
      renderer.render(
          request, response, 200, "dashboard/signed-out", Map.of("pageTitle", "Signed out"));
    } else {
      LoginPage.redirect(request, response, "/dashboard/login?signed-out");
    }
  }
}
