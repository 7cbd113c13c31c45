package org.lessonwatch.web.rest.cors;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The origins whose pages may call the heartbeat endpoint from a browser ({@value #KEY}: a
 * comma-separated list of {@code scheme://host[:port]}, default none). Each is kept as a browser
 * writes it in the {@code Origin} header (lower case, no default port), so that a request's origin
 * is allowed exactly when it equals one of them. There is no wildcard: heartbeats carry a learner's
 * token, and only the LMS origins an admin names may send them from a page.
 */
@ApplicationScoped
public class AllowedOrigins {

  private static final Logger LOG = Logger.getLogger(AllowedOrigins.class.getName());

  static final String KEY = "engagement.cors.allowed-origins";

  /** Read as text so that a bad value is a start-up failure naming the key, not a CDI error. */
  @Inject
  @ConfigProperty(name = KEY)
  Optional<String> setting;

  private Set<String> origins = Set.of();

  /** Why the setting cannot be used; {@code null} when it can. */
  private String configurationError;

  @PostConstruct
  void configure() {
    configurationError = null;
    Set<String> parsed = new LinkedHashSet<>();
    for (String entry : setting.orElse("").split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      Optional<String> origin = normalize(entry.strip());
      if (origin.isEmpty()) {
        configurationError =
            KEY
                + " must list origins such as https://lms.example.edu, separated by commas;"
                + " '"
                + entry.strip()
                + "' is not one (scheme http or https, a host, an optional port, nothing else)";
        origins = Set.of();
        return;
      }
      parsed.add(origin.get());
    }
    origins = Set.copyOf(parsed);
    if (!origins.isEmpty()) {
      LOG.info(() -> "Players on these origins may send heartbeats from a browser: " + parsed);
    }
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

  /** Whether a request's {@code Origin} header names an allowed origin. */
  boolean allows(String origin) {
    return origin != null && origins.contains(origin);
  }

  boolean any() {
    return !origins.isEmpty();
  }

  /** An origin as browsers serialize it, or empty when the text is not an http(s) origin. */
  static Optional<String> normalize(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean http = scheme.equals("http");
    if (!http && !scheme.equals("https")
        || uri.getHost() == null
        || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || !(uri.getRawPath() == null
            || uri.getRawPath().isEmpty()
            || uri.getRawPath().equals("/"))) {
      return Optional.empty();
    }
    int port = uri.getPort();
    boolean defaultPort = port == -1 || (http ? port == 80 : port == 443);
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return Optional.of(scheme + "://" + host + (defaultPort ? "" : ":" + port));
  }
}
