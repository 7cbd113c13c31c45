package org.lessonwatch.web.lti;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where LMSs reach this tool ({@value #KEY}, for example {@code https://lessonwatch.example.edu}):
 * the launch URL sent as the redirect URI, and whether cookies must be {@code Secure}. Unset, both
 * come from each request, which is right when Payara itself serves the public URL; behind a proxy
 * that ends TLS, set it, or the redirect URI would name the proxy's plain-HTTP hop.
 */
@ApplicationScoped
public class LtiSettings {

  static final String KEY = "engagement.lti.tool-url";

  @Inject
  @ConfigProperty(name = KEY)
  Optional<String> setting;

  private String toolUrl;

  private String configurationError;

  @PostConstruct
  void configure() {
    configurationError = null;
    toolUrl = null;
    if (setting.isEmpty() || setting.get().isBlank()) {
      return;
    }
    String text = setting.get().strip();
    try {
      URI uri = new URI(text);
      boolean web = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
      if (web
          && uri.getHost() != null
          && uri.getRawQuery() == null
          && uri.getRawFragment() == null
          && uri.getRawUserInfo() == null) {
        toolUrl = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        return;
      }
    } catch (URISyntaxException e) {
      // refused below
    }
    configurationError =
        KEY
            + " must be the tool's public base URL, such as https://lessonwatch.example.edu, was '"
            + setting.get()
            + "'";
  }

  /**
   * Fails start-up when the setting is unusable.
   *
   * @throws IllegalStateException naming the key
   */
  public void checkConfiguration() {
    if (configurationError != null) {
      throw new IllegalStateException(configurationError);
    }
  }

  /** The launch URL, the redirect URI a platform has registered. */
  String launchUrl(HttpServletRequest request) {
    return toolUrl != null ? toolUrl + "/lti/launch" : LtiUrls.launchUrl(request);
  }

  /** Whether LMSs reach this tool over HTTPS, so that cookies must be {@code Secure}. */
  boolean secure(HttpServletRequest request) {
    return toolUrl != null ? toolUrl.startsWith("https:") : request.isSecure();
  }
}
