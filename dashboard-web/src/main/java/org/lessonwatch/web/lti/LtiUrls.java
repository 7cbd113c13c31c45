package org.lessonwatch.web.lti;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** This tool's LTI URLs as the request reached it, the login cookie, and a platform's origins. */
final class LtiUrls {

  private LtiUrls() {}

  /** {@code <scheme>://<host>[:port]<context>/lti/launch}, the redirect URI a platform expects. */
  static String launchUrl(HttpServletRequest request) {
    StringBuilder url = new StringBuilder();
    url.append(request.getScheme()).append("://").append(request.getServerName());
    int port = request.getServerPort();
    boolean defaultPort =
        request.getScheme().equals("https")
            ? port == 443
            : request.getScheme().equals("http") && port == 80;
    if (!defaultPort) {
      url.append(':').append(port);
    }
    return url.append(request.getContextPath()).append("/lti/launch").toString();
  }

  /**
   * The cookie that binds a login to this browser, sent back only to {@code /lti/launch}: {@code
   * SameSite=None; Secure} over HTTPS, since the launch is a form post from the platform's site;
   * {@code SameSite=Lax} over plain HTTP, which a cross-site post does not carry (development with
   * the platform on another port of the same host works).
   */
  static void addLoginCookie(
      HttpServletRequest request,
      HttpServletResponse response,
      LoginState.Login login,
      boolean secure) {
    setLoginCookie(request, response, login.nonce(), "1", LoginState.LIFETIME.toSeconds(), secure);
  }

  /** Whether the request brings the login's cookie. */
  static boolean hasLoginCookie(HttpServletRequest request, String nonce) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return false;
    }
    String name = LoginState.cookieName(nonce);
    for (Cookie cookie : cookies) {
      if (cookie.getName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** Removes the login's cookie once the launch is done. */
  static void clearLoginCookie(
      HttpServletRequest request, HttpServletResponse response, String nonce, boolean secure) {
    setLoginCookie(request, response, nonce, "", 0, secure);
  }

  private static void setLoginCookie(
      HttpServletRequest request,
      HttpServletResponse response,
      String nonce,
      String value,
      long maxAgeSeconds,
      boolean secure) {
    response.addHeader(
        "Set-Cookie",
        LoginState.cookieName(nonce)
            + "="
            + value
            + "; Path="
            + request.getContextPath()
            + "/lti/launch; Max-Age="
            + maxAgeSeconds
            + "; HttpOnly; "
            + (secure ? "SameSite=None; Secure" : "SameSite=Lax"));
  }

  /** The origins of the platform's issuer and login URL, for {@code frame-ancestors}. */
  static String frameAncestors(LtiPlatform platform) {
    Set<String> origins = new LinkedHashSet<>();
    for (String url : new String[] {platform.issuer(), platform.authLoginUrl()}) {
      URI uri = URI.create(url);
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      origins.add(
          scheme
              + "://"
              + uri.getHost().toLowerCase(Locale.ROOT)
              + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
    }
    return String.join(" ", origins);
  }
}
