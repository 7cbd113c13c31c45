package org.lessonwatch.web.dashboard.session;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.lessonwatch.web.access.Roles;
import org.lessonwatch.web.accounts.AccountStore;
import org.lessonwatch.web.accounts.AccountView;
import org.lessonwatch.web.dashboard.PageRenderer;

/**
 * {@code /dashboard/login}: the sign-in form for dashboard accounts. A failed attempt says only
 * "wrong username or password", whichever was wrong; success moves the session to a new id and goes
 * to the overview.
 *
 * <p>The form is public, so an attempt is checked in a fixed order, cheapest refusal first: a
 * username or address that {@link LoginThrottle} has locked is answered 429 at once; credentials no
 * account can have (see {@link AccountStore#isPossibleUsername}, {@link
 * AccountStore#MAX_PASSWORD_LENGTH}) are wrong without a password check, and count for nothing
 * since they guess nothing; then the attempt needs one of the server's {@link PasswordCheckSlots}
 * (429 with {@code Retry-After} if none is free) and its reservation in the throttle, and only then
 * is the password hashed.
 */
@WebServlet("/dashboard/login")
public class LoginPage extends HttpServlet {

  private static final long serialVersionUID = 1L;
  static final String WRONG = "Wrong username or password.";
  static final String BUSY = "Too many sign-ins at once, try again in a moment.";

  /** Seconds a refused sign-in is asked to wait for a free password check slot. */
  static final String BUSY_RETRY_AFTER_SECONDS = "1";

  @Inject transient PageRenderer renderer;
  @Inject transient AccountStore accounts;
  @Inject transient LoginThrottle throttle;
  @Inject transient PasswordCheckSlots checks;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (DashboardSession.audience(request).isPresent()) {
      redirect(request, response, "/dashboard");
      return;
    }
    String notice = request.getParameter("signed-out") != null ? "You are signed out." : null;
    show(request, response, 200, "", null, notice);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String username = Optional.ofNullable(request.getParameter("username")).orElse("").strip();
    String password = Optional.ofNullable(request.getParameter("password")).orElse("");
    String address = request.getRemoteAddr();
    // Shown again in the form only if it could be a username; never a megabyte of anything.
    String shown = AccountStore.isPossibleUsername(username) ? username : "";
    Optional<Duration> wait = throttle.waitBefore(username, address);
    if (wait.isPresent()) {
      refuse(request, response, shown, wait.get());
      return;
    }
    if (!AccountStore.isPossibleUsername(username)
        || password.length() > AccountStore.MAX_PASSWORD_LENGTH) {
      show(request, response, 401, shown, WRONG, null);
      return;
    }
    if (!checks.tryAcquire()) {
      response.setHeader("Retry-After", BUSY_RETRY_AFTER_SECONDS);
      show(request, response, 429, shown, BUSY, null);
      return;
    }
    Optional<AccountView> account = Optional.empty();
    try {
      wait = throttle.tryStart(username, address);
      if (wait.isEmpty()) {
        account = check(username, password, address);
      }
    } finally {
      checks.release();
    }
    if (wait.isPresent()) {
      // another attempt for this username or address took the last reservation meanwhile
      refuse(request, response, shown, wait.get());
      return;
    }
    if (account.isEmpty()) {
      throttle.failed(username, address);
      show(
          request,
          response,
          401,
          shown,
          WRONG,
          throttle.waitBefore(username, address).map(LoginPage::tooMany).orElse(null));
      return;
    }
    if (!account.get().roles().contains(Roles.INSTRUCTOR)
        && !account.get().roles().contains(Roles.ADMIN)) {
      throttle.abandoned(username, address);
      show(
          request,
          response,
          403,
          shown,
          "This account has no access to the dashboard: it is for instructors and admins.",
          null);
      return;
    }
    throttle.succeeded(username, address);
    DashboardSession.signIn(request, account.get().username(), account.get().roles());
    redirect(request, response, "/dashboard");
  }

  /**
   * The password check of a reserved attempt; if it cannot be made, the attempt counts for nothing.
   */
  private Optional<AccountView> check(String username, String password, String address) {
    char[] chars = password.toCharArray();
    try {
      return accounts.authenticate(username, chars);
    } catch (RuntimeException e) {
      throttle.abandoned(username, address);
      throw e;
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  private void refuse(
      HttpServletRequest request, HttpServletResponse response, String username, Duration wait)
      throws IOException {
    response.setHeader("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
    show(request, response, 429, username, WRONG, tooMany(wait));
  }

  static String tooMany(Duration wait) {
    long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
    return "Too many attempts, try again in " + minutes + (minutes == 1 ? " minute." : " minutes.");
  }

  private void show(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String username,
      String error,
      String notice)
      throws IOException {
    Map<String, Object> model = new HashMap<>();
    model.put("pageTitle", "Sign in");
    model.put("username", username);
    model.put("error", error);
    model.put("notice", notice);
    renderer.render(request, response, status, "dashboard/login", model);
  }

  static void redirect(HttpServletRequest request, HttpServletResponse response, String path) {
    // 303: after a POST, the browser follows with a GET.
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", request.getContextPath() + path);
  }
}
