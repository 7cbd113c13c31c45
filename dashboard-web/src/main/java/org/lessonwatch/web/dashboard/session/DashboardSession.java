package org.lessonwatch.web.dashboard.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.lessonwatch.web.access.Audience;

/**
 * What the dashboard keeps in the HTTP session: the signed-in account (username and roles, as an
 * {@link Audience} for {@code AnalyticsAccess}) and a per-session CSRF token that every form posts
 * back. Roles are read at sign-in; a changed account takes effect at the next sign-in.
 */
public final class DashboardSession {

  /** The form field that carries the CSRF token. */
  public static final String CSRF_PARAMETER = "_csrf";

  static final String USER_ATTRIBUTE = "lessonwatch.dashboard.user";
  static final String CSRF_ATTRIBUTE = "lessonwatch.dashboard.csrf";

  private static final SecureRandom RANDOM = new SecureRandom();

  private DashboardSession() {}

  /**
   * The signed-in account, or LMS user, serializable so that sessions may be persisted by the
   * container. An LTI launch signs in to one course ({@code course}, else {@code null}) and lets
   * the pages be framed by the platform's origins ({@code frameAncestors}, else {@code null}), and
   * carries the name the LMS gives the user ({@code displayName}, else {@code null}).
   */
  record SignedIn(
      String username, Set<String> roles, Long course, String frameAncestors, String displayName)
      implements Serializable {
    private static final long serialVersionUID = 3L;
  }

  public static Optional<Audience> audience(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null) {
      return Optional.empty();
    }
    return session.getAttribute(USER_ATTRIBUTE) instanceof SignedIn user
        ? Optional.of(
            new Audience(user.username(), user.roles(), Optional.ofNullable(user.course())))
        : Optional.empty();
  }

  /** How the page header names the signed-in user: the LMS's name for them, else their username. */
  public static Optional<String> label(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session != null && session.getAttribute(USER_ATTRIBUTE) instanceof SignedIn user
        ? Optional.of(user.displayName() != null ? user.displayName() : user.username())
        : Optional.empty();
  }

  /** The signed-in audience: {@link DashboardFilter} lets no request without one reach a page. */
  public static Audience require(HttpServletRequest request) {
    return audience(request).orElseThrow(() -> new IllegalStateException("not signed in"));
  }

  /** This session's CSRF token, creating the session (and the token) if need be. */
  public static String csrfToken(HttpServletRequest request) {
    HttpSession session = request.getSession(true);
    Object token = session.getAttribute(CSRF_ATTRIBUTE);
    if (token instanceof String existing) {
      return existing;
    }
    String fresh = newToken();
    session.setAttribute(CSRF_ATTRIBUTE, fresh);
    return fresh;
  }

  /** Whether the request carries its session's CSRF token (constant-time comparison). */
  static boolean carriesCsrfToken(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    String sent = request.getParameter(CSRF_PARAMETER);
    if (session == null || sent == null) {
      return false;
    }
    return session.getAttribute(CSRF_ATTRIBUTE) instanceof String expected
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Signs the account in under a new session id (so a session id planted before sign-in is
   * worthless) and a new CSRF token.
   */
  public static void signIn(HttpServletRequest request, String username, Set<String> roles) {
    start(request, new SignedIn(username, Set.copyOf(roles), null, null, null));
  }

  /** Puts the signed-in user in the session under a new id, with a new CSRF token. */
  private static void start(HttpServletRequest request, SignedIn user) {
    HttpSession session = request.getSession(true);
    request.changeSessionId();
    session.setAttribute(USER_ATTRIBUTE, user);
    session.setAttribute(CSRF_ATTRIBUTE, newToken());
  }

  /**
   * Signs an LMS user in to one course, as its instructor or as a learner ({@code role}), under a
   * new session id, and writes the session cookie so that it also travels inside the LMS's frame:
   * {@code SameSite=None; Secure} over HTTPS; over plain HTTP (development) {@code SameSite=Lax},
   * which a frame only gets when the LMS is on the same site (another port of localhost).
   *
   * @param frameAncestors the origins that may frame the pages (the platform's), space-separated
   * @param secure whether LMSs reach this service over HTTPS
   */
  public static void signInToCourse(
      HttpServletRequest request,
      HttpServletResponse response,
      String subject,
      String displayName,
      String role,
      long courseId,
      String frameAncestors,
      boolean secure) {
    start(request, new SignedIn(subject, Set.of(role), courseId, frameAncestors, displayName));
    writeSessionCookie(request, response, secure ? "None" : "Lax", secure);
  }

  /** The origins that may frame this session's pages, or {@code 'none'}. */
  static String frameAncestors(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session != null
            && session.getAttribute(USER_ATTRIBUTE) instanceof SignedIn user
            && user.frameAncestors() != null
        ? user.frameAncestors()
        : "'none'";
  }

  /**
   * Writes the session's cookie with every attribute it needs: Payara 6 ignores the SameSite
   * attribute of {@code SessionCookieConfig}.
   */
  static void writeSessionCookie(
      HttpServletRequest request, HttpServletResponse response, String sameSite, boolean secure) {
    HttpSession session = request.getSession(false);
    if (session == null || response.isCommitted()) {
      return;
    }
    String name = request.getServletContext().getSessionCookieConfig().getName();
    String path = request.getContextPath().isEmpty() ? "/" : request.getContextPath();
    response.setHeader(
        "Set-Cookie",
        (name == null ? "JSESSIONID" : name)
            + "="
            + session.getId()
            + "; Path="
            + path
            + "; HttpOnly; SameSite="
            + sameSite
            + (secure ? "; Secure" : ""));
  }

  /** Whether the session is an LMS user's, signed in by an LTI launch. */
  static boolean fromLms(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session != null
        && session.getAttribute(USER_ATTRIBUTE) instanceof SignedIn user
        && user.course() != null;
  }

  public static void signOut(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
  }

  private static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
