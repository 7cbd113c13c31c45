package org.lessonwatch.web.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * An LMS playing the platform's side of LTI 1.3 for tests, on the loopback address: its own RSA key
 * pair and key set ({@code /jwks}), and an OIDC authorization endpoint ({@code /auth}) that checks
 * the tool's login redirect as the LTI Security Framework asks and answers with an auto-submitting
 * form post of a signed {@code id_token} to the tool's redirect URI. What the next id_token says is
 * up to the test ({@link #nextLaunch}); by default an instructor of {@link #CONTEXT} in {@link
 * #DEPLOYMENT}.
 */
public final class SimulatedLms implements AutoCloseable {

  public static final String DEPLOYMENT = "deployment-1";
  public static final String CONTEXT = "lms-course-101";
  public static final String INSTRUCTOR =
      "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";
  public static final String LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";

  private final RSAKey key;
  private final HttpServer server;
  private volatile UnaryOperator<JWTClaimsSet.Builder> nextLaunch = UnaryOperator.identity();
  private volatile String subject = "lms-user-" + UUID.randomUUID();
  private volatile String toolUrl;

  /**
   * This tool's client id at this LMS: its own per instance, since the test database keeps the
   * registrations of earlier runs and a new instance may get an earlier one's port (and issuer).
   */
  private final String clientId = "lessonwatch-tool-" + UUID.randomUUID();

  public SimulatedLms() {
    try {
      key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
      server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/jwks", exchange -> send(exchange, 200, "application/json", new JWKSet(key).toString()));
    server.createContext("/auth", this::authorize);
    server.createContext("/course", this::coursePage);
    server.start();
  }

  /**
   * {@code http://localhost:<port>}, this platform's issuer. On localhost, as the service under
   * test is: another port of the same site, so that a browser sends the tool's {@code SameSite=Lax}
   * cookies (plain HTTP) inside the platform's frame.
   */
  public String issuer() {
    return "http://localhost:" + server.getAddress().getPort();
  }

  public String clientId() {
    return clientId;
  }

  /** The registration body for {@code PUT /api/v1/admin/lti/platforms/{id}}. */
  public String registration() {
    return """
        {"issuer": "%1$s", "client_id": "%2$s", "auth_login_url": "%1$s/auth",
         "auth_token_url": "%1$s/token", "jwks_url": "%1$s/jwks", "deployment_ids": ["%3$s"]}
        """
        .formatted(issuer(), clientId, DEPLOYMENT);
  }

  /** The LMS user of the next launches. */
  public void signInAs(String subject) {
    this.subject = subject;
  }

  public String subject() {
    return subject;
  }

  /** Changes what the next id_tokens claim (after the defaults are set). */
  public void nextLaunch(UnaryOperator<JWTClaimsSet.Builder> change) {
    this.nextLaunch = change;
  }

  /**
   * Checks a login redirect of the tool as the platform does and answers the form post: the
   * parameters of the authorization request, and the id_token it issues for them.
   *
   * @return the form fields to post to the redirect URI ({@code id_token}, {@code state}) and the
   *     redirect URI under {@code action}
   */
  public Map<String, String> authorizeRedirect(URI location) {
    Map<String, String> query = query(location.getRawQuery());
    check("scope", "openid", query);
    check("response_type", "id_token", query);
    check("response_mode", "form_post", query);
    check("prompt", "none", query);
    check("client_id", clientId, query);
    for (String required : List.of("redirect_uri", "login_hint", "state", "nonce")) {
      if (query.get(required) == null || query.get(required).isBlank()) {
        throw new AssertionError("the tool's login redirect lacks " + required + ": " + location);
      }
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("action", query.get("redirect_uri"));
    form.put("id_token", idToken(query.get("nonce")));
    form.put("state", query.get("state"));
    return form;
  }

  /** An id_token for the nonce, as the next launch is set up, signed with this platform's key. */
  public String idToken(String nonce) {
    return sign(claims(nonce).build(), key);
  }

  /** The claims of a launch with this nonce, before {@link #nextLaunch}'s changes are applied. */
  JWTClaimsSet.Builder defaults(String nonce) {
    Instant now = Instant.now();
    String lti = "https://purl.imsglobal.org/spec/lti/claim/";
    return new JWTClaimsSet.Builder()
        .issuer(issuer())
        .subject(subject)
        .audience(clientId)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
        .claim("nonce", nonce)
        .claim("name", "Ada Lovelace")
        .claim(lti + "message_type", "LtiResourceLinkRequest")
        .claim(lti + "version", "1.3.0")
        .claim(lti + "deployment_id", DEPLOYMENT)
        .claim(lti + "target_link_uri", "https://tool.example/lti/launch")
        .claim(lti + "resource_link", Map.of("id", "link-1"))
        .claim(lti + "roles", List.of(INSTRUCTOR))
        .claim(lti + "context", Map.of("id", CONTEXT, "title", "Course 101"));
  }

  private JWTClaimsSet.Builder claims(String nonce) {
    return nextLaunch.apply(defaults(nonce));
  }

  /** Signs claims with a key, as a platform (or an attacker with another key) would. */
  public static String sign(JWTClaimsSet claims, RSAKey key) {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  /** The claims the next launch would carry, for a test that signs them otherwise. */
  public JWTClaimsSet nextClaims(String nonce) {
    return claims(nonce).build();
  }

  /**
   * The LMS course page that embeds the tool at {@code toolUrl} (its base URL, ending in a slash):
   * a launch form posted into an iframe, which starts the tool's login, as an LMS does for a
   * resource link.
   *
   * @return the page's URL
   */
  public String coursePage(String toolUrl) {
    this.toolUrl = toolUrl;
    return issuer() + "/course";
  }

  private void coursePage(HttpExchange exchange) throws IOException {
    String page =
        """
        <!doctype html><html><head><title>Course 101 · LMS</title>
        <style>body{font-family:sans-serif;margin:0;background:#e8eef5}
        header{background:#1f3a5f;color:#fff;padding:12px 20px;font-size:20px}
        iframe{box-sizing:border-box;width:96%%;height:1400px;margin:16px 2%%;border:1px solid #99a;background:#fff}</style>
        </head><body onload="document.getElementById('launch').submit()">
        <header>LMS · Course 101 · Video analytics</header>
        <form id="launch" method="post" target="tool" action="%1$slti/login">
        <input type="hidden" name="iss" value="%2$s">
        <input type="hidden" name="login_hint" value="hint-1">
        <input type="hidden" name="lti_message_hint" value="message-1">
        <input type="hidden" name="client_id" value="%3$s">
        <input type="hidden" name="lti_deployment_id" value="%4$s">
        <input type="hidden" name="target_link_uri" value="%1$slti/launch">
        </form>
        <iframe name="tool" id="tool"></iframe></body></html>
        """
            .formatted(toolUrl, issuer(), clientId, DEPLOYMENT);
    send(exchange, 200, "text/html; charset=utf-8", page);
  }

  /** The authorization endpoint as a browser meets it: an auto-submitting form post. */
  private void authorize(HttpExchange exchange) throws IOException {
    Map<String, String> form;
    try {
      form = authorizeRedirect(exchange.getRequestURI());
    } catch (AssertionError e) {
      send(exchange, 400, "text/plain", e.getMessage());
      return;
    }
    String page =
        """
        <!doctype html><html><head><title>LMS</title></head>
        <body onload="document.forms[0].submit()">
        <form method="post" action="%s">
        <input type="hidden" name="id_token" value="%s">
        <input type="hidden" name="state" value="%s">
        </form></body></html>
        """
            .formatted(form.get("action"), form.get("id_token"), form.get("state"));
    send(exchange, 200, "text/html; charset=utf-8", page);
  }

  private static void check(String name, String expected, Map<String, String> query) {
    if (!expected.equals(query.get(name))) {
      throw new AssertionError(name + " must be " + expected + ", was " + query.get(name));
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : raw == null ? new String[0] : raw.split("&")) {
      int eq = pair.indexOf('=');
      values.put(
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return values;
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
