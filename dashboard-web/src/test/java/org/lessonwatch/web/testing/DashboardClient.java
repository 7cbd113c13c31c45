package org.lessonwatch.web.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser for the dashboard pages, without a screen: keeps cookies, and does not follow redirects
 * so that tests can see them. Each one is its own HTTP client, with its own session.
 */
public final class DashboardClient {

  static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private final URI base;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  public DashboardClient(URL deploymentUrl) {
    this.base = URI.create(deploymentUrl.toString()).resolve("/");
  }

  /** A client signed in as a new admin account, made through the accounts API. */
  public static DashboardClient signedInAdmin(URL deploymentUrl) {
    String admin = "admin-" + UUID.randomUUID();
    String password = "password-" + UUID.randomUUID();
    new ApiClient(deploymentUrl)
        .put(
            "api/v1/admin/accounts/" + admin,
            TestTokens.admin(),
            "{\"password\": \"" + password + "\", \"roles\": [\"admin\"]}");
    DashboardClient pages = new DashboardClient(deploymentUrl);
    pages.logIn(admin, password);
    return pages;
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  /** Posts a form, as the browser encodes it (UTF-8). */
  public HttpResponse<String> post(String path, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return post(path, HttpRequest.BodyPublishers.ofString(body));
  }

  /** Posts a body that is already form-encoded, or not of known length. */
  public HttpResponse<String> post(String path, HttpRequest.BodyPublisher body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(body));
  }

  /** Fetches the login form and returns its CSRF token, for a sign-in posted later. */
  public String loginFormToken() {
    HttpResponse<String> form = get("dashboard/login");
    assertEquals(200, form.statusCode(), form::body);
    return csrf(form.body());
  }

  /** Fetches the login form, then posts it with its CSRF token. */
  public HttpResponse<String> logIn(String username, String password) {
    return logIn(loginFormToken(), username, password);
  }

  /** Posts the login form with a token from {@link #loginFormToken}. */
  public HttpResponse<String> logIn(String csrf, String username, String password) {
    return post(
        "dashboard/login", Map.of("_csrf", csrf, "username", username, "password", password));
  }

  public HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(
          request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public URI uri(String path) {
    return base.resolve("/" + path);
  }

  /** Sends {@code count} requests at the same moment, one thread each, and returns the answers. */
  public static List<HttpResponse<String>> simultaneously(
      int count, IntFunction<HttpResponse<String>> request) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(count);
    try {
      CountDownLatch ready = new CountDownLatch(count);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> pending = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int n = i;
        pending.add(
            threads.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return request.apply(n);
                }));
      }
      ready.await();
      go.countDown();
      List<HttpResponse<String>> replies = new ArrayList<>();
      for (Future<HttpResponse<String>> reply : pending) {
        replies.add(reply.get());
      }
      return replies;
    } finally {
      threads.shutdownNow();
    }
  }

  public static String csrf(String html) {
    Matcher matcher = CSRF.matcher(html);
    assertTrue(matcher.find(), () -> "no CSRF token in " + html);
    return matcher.group(1);
  }
}
