package org.lessonwatch.web.dashboard.session;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.annotation.WebListener;
import java.util.EnumSet;

/**
 * Session cookie settings for the dashboard login: sessions travel only in a cookie (never in
 * URLs), which scripts cannot read (HttpOnly) and other sites cannot send along with their forms
 * (SameSite=Lax); idle sessions end after 30 minutes. The cookie is not marked Secure here because
 * TLS usually ends at a proxy in front of Payara; such a proxy should add it.
 */
@WebListener
public class DashboardSessionSetup implements ServletContextListener {

  static final int SESSION_TIMEOUT_MINUTES = 30;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    context.setSessionTrackingModes(EnumSet.of(SessionTrackingMode.COOKIE));
    context.setSessionTimeout(SESSION_TIMEOUT_MINUTES);
    SessionCookieConfig cookie = context.getSessionCookieConfig();
    cookie.setHttpOnly(true);
    cookie.setAttribute("SameSite", "Lax");
  }
}
