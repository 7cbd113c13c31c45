package org.lessonwatch.web.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.lessonwatch.web.dashboard.session.DashboardSession;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.WebApplicationTemplateResolver;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/**
 * Renders dashboard templates from {@code /WEB-INF/views/} with one Thymeleaf engine for the whole
 * application (templates are parsed once and cached). Every page gets the signed-in user and the
 * session's CSRF token for the sign-out form. Templates only place and escape values: everything
 * they show is computed and formatted in the view models.
 */
@ApplicationScoped
public class PageRenderer {

  private JakartaServletWebApplication application;
  private TemplateEngine engine;

  /** Builds the engine on first use: the servlet context is at hand only inside a request. */
  private synchronized void start(ServletContext servletContext) {
    if (engine != null) {
      return;
    }
    application = JakartaServletWebApplication.buildApplication(servletContext);
    engine = newEngine(new WebApplicationTemplateResolver(application));
  }

  static TemplateEngine newEngine(
      org.thymeleaf.templateresolver.AbstractConfigurableTemplateResolver resolver) {
    resolver.setPrefix(resolver.getPrefix() == null ? "/WEB-INF/views/" : resolver.getPrefix());
    resolver.setSuffix(".html");
    resolver.setTemplateMode(TemplateMode.HTML);
    resolver.setCharacterEncoding("UTF-8");
    resolver.setCacheable(true);
    TemplateEngine engine = new TemplateEngine();
    engine.setTemplateResolver(resolver);
    return engine;
  }

  public void render(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String template,
      Map<String, Object> model)
      throws IOException {
    start(request.getServletContext());
    Map<String, Object> variables = new HashMap<>(model);
    variables.put("user", DashboardSession.audience(request).orElse(null));
    variables.put("userLabel", DashboardSession.label(request).orElse(null));
    variables.put("csrf", DashboardSession.csrfToken(request));
    variables.put("root", request.getContextPath());
    response.setStatus(status);
    response.setContentType("text/html;charset=UTF-8");
    WebContext context =
        new WebContext(application.buildExchange(request, response), Locale.ENGLISH, variables);
    engine.process(template, context, response.getWriter());
  }

  /** An error page within the dashboard layout, optionally with the date filter to correct. */
  public void error(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String title,
      String message,
      DateFilter.Form filter)
      throws IOException {
    Map<String, Object> model = new HashMap<>();
    model.put("pageTitle", title);
    model.put("message", message);
    model.put("status", status);
    model.put("filter", filter);
    model.put("action", request.getRequestURI());
    render(request, response, status, "dashboard/error", model);
  }
}
