package org.lessonwatch.web.metrics;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.lessonwatch.web.rest.auth.ApiAuthentication;
import org.lessonwatch.web.rest.auth.BearerTokens;

/**
 * Counts the heartbeat endpoint's answers by status ({@code lessonwatch_heartbeats_total}) and
 * times every report page and report API call by {@link ReportPage kind} ({@code
 * lessonwatch_report_ms}), and shows the token cache's size ({@code
 * lessonwatch_token_cache_entries}). First in its chains (web.xml), so that it also sees the
 * answers of the filters after it: a CORS refusal, {@code 503} before start-up, {@code 401}. The
 * server's own warm-up requests are left out.
 */
public class RequestMetrics extends HttpFilter {

  private static final long serialVersionUID = 1L;

  static final String HEARTBEAT = "/api/v1/videos/engagement/heartbeat";

  private static final Metadata HEARTBEATS =
      Metadata.builder()
          .withName("lessonwatch_heartbeats")
          .withDescription("Heartbeat requests answered, by HTTP status")
          .build();

  private static final Metadata REPORTS =
      Metadata.builder()
          .withName("lessonwatch_report_ms")
          .withDescription(
              "Milliseconds to answer a report page, CSV or report API call, by kind of page"
                  + " (redirects not counted)")
          .build();

  private static final Metadata TOKEN_CACHE =
      Metadata.builder()
          .withName("lessonwatch_token_cache_entries")
          .withDescription("Bearer tokens verified in the last 10 minutes and kept in the cache")
          .build();

  @Inject transient MetricRegistry registry;

  @Inject transient BearerTokens tokens;

  private final transient Map<Integer, Counter> byStatus = new ConcurrentHashMap<>();
  private final transient Map<String, Histogram> byPage = new ConcurrentHashMap<>();

  @Override
  public void init() {
    registry.gauge(TOKEN_CACHE, tokens, BearerTokens::cachedTokens);
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    if (path.equals(HEARTBEAT)) {
      if (!"POST".equals(request.getMethod())) {
        chain.doFilter(request, response);
        return;
      }
      int status = 500; // unless an answer was written: an exception becomes one
      try {
        chain.doFilter(request, response);
        status = response.getStatus();
      } finally {
        if (request.getAttribute(ApiAuthentication.REHEARSAL) == null) {
          count(status);
        }
      }
      return;
    }
    String page = ReportPage.of(path);
    if (page == null) {
      chain.doFilter(request, response);
      return;
    }
    long started = System.nanoTime();
    try {
      chain.doFilter(request, response);
    } finally {
      if (response.getStatus() / 100 != 3
          && request.getAttribute(ApiAuthentication.REHEARSAL) == null) {
        byPage
            .computeIfAbsent(page, name -> registry.histogram(REPORTS, new Tag("page", name)))
            .update(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      }
    }
  }

  private void count(int status) {
    byStatus
        .computeIfAbsent(status, code -> registry.counter(HEARTBEATS, new Tag("status", "" + code)))
        .inc();
  }

  @Override
  public void destroy() {
    registry.getMetricIDs().stream()
        .filter(
            id ->
                id.getName().equals(HEARTBEATS.getName())
                    || id.getName().equals(REPORTS.getName())
                    || id.getName().equals(TOKEN_CACHE.getName()))
        .forEach(registry::remove);
  }
}
