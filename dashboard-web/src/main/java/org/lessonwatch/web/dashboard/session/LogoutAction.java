package org.lessonwatch.web.dashboard.session;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /dashboard/logout}: ends the session. Only POST (with the CSRF token the filter
 * checks), so that no link or image on another site can sign a user out.
 */
@WebServlet("/dashboard/logout")
public class LogoutAction extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) {
    DashboardSession.signOut(request);
    LoginPage.redirect(request, response, "/dashboard/login?signed-out");
  }
}
