package org.lessonwatch.web.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * An LMS playing the platform's side of LTI 1.3 for tests, on the loopback address: its own RSA key
 * pair and key set ({@code /jwks}), and an OIDC authorization endpoint ({@code /auth}) that checks
 * the tool's login redirect as the LTI Security Framework asks and answers with an auto-submitting
 * form post of a signed {@code id_token} to the tool's redirect URI. What the next id_token says is
 * up to the test ({@link #nextLaunch}); by default an instructor of {@link #CONTEXT} in {@link
 * #DEPLOYMENT}, with the Names and Role Provisioning Services claim. Its token endpoint ({@code
 * /token}) grants a service token for client credentials only with a client assertion that the
 * tool's key set ({@link #trustTool}) verifies, for this client id and this token URL, used once;
 * its memberships endpoint ({@code /memberships}) answers that token with the roster ({@link
 * #roster}) in two pages linked by {@code rel="next"}.
 */
public final class SimulatedLms implements AutoCloseable {

  public static final String DEPLOYMENT = "deployment-1";
  public static final String CONTEXT = "lms-course-101";
  public static final String INSTRUCTOR =
      "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";
  public static final String LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
  public static final String NRPS_CLAIM =
      "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice";
  static final String NRPS_SCOPE =
      "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
  static final String MEMBERSHIPS_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";

  private final RSAKey key;
  private final HttpServer server;
  private volatile UnaryOperator<JWTClaimsSet.Builder> nextLaunch = UnaryOperator.identity();
  private volatile String subject = "lms-user-" + UUID.randomUUID();
  private volatile String toolUrl;
  private volatile URI toolKeys;
  private volatile List<Map<String, Object>> roster = List.of();
  private volatile int rosterStatus = 200;
  private volatile String nextPage;
  private final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();
  private final Set<String> usedAssertionIds = ConcurrentHashMap.newKeySet();
  private final AtomicInteger tokensIssued = new AtomicInteger();
  private final AtomicInteger rosterPages = new AtomicInteger();
  private final List<String> refusals = new CopyOnWriteArrayList<>();

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
    server.createContext("/token", this::token);
    server.createContext("/memberships", this::memberships);
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
        .claim(lti + "context", Map.of("id", CONTEXT, "title", "Course 101"))
        .claim(
            NRPS_CLAIM,
            Map.of(
                "context_memberships_url",
                issuer() + "/memberships?context=" + CONTEXT,
                "service_versions",
                List.of("2.0")));
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

  /** Where the tool's public key set is, to check its client assertions against. */
  public void trustTool(URI jwks) {
    this.toolKeys = jwks;
  }

  /**
   * The course's members from now on, each {@code {"user_id", "name"?, "status"?, "roles"}} as NRPS
   * 2.0 gives them; the memberships endpoint serves them in two pages.
   */
  public void roster(List<Map<String, Object>> members) {
    this.roster = List.copyOf(members);
  }

  /** A member as NRPS gives one. */
  public static Map<String, Object> member(String sub, String name, String status, String role) {
    Map<String, Object> member = new LinkedHashMap<>();
    member.put("user_id", sub);
    if (name != null) {
      member.put("name", name);
    }
    if (status != null) {
      member.put("status", status);
    }
    member.put("roles", List.of(role));
    return member;
  }

  /** Makes the first page link this URL as its next page (by default this LMS's second page). */
  public void nextPageAt(String url) {
    this.nextPage = url;
  }

  /** Makes the memberships endpoint answer this status (200: the roster). */
  public void rosterAnswers(int status) {
    this.rosterStatus = status;
  }

  public int tokensIssued() {
    return tokensIssued.get();
  }

  public int rosterPagesServed() {
    return rosterPages.get();
  }

  /** Why the token and memberships endpoints refused requests, in order. */
  public List<String> refusals() {
    return List.copyOf(refusals);
  }

  /**
   * The token endpoint: client credentials for the NRPS scope, the client authenticated by a JWT
   * assertion (RFC 7523) that the tool's key set verifies, issued and expiring now, for this client
   * id and audience, its jti not seen before.
   */
  private void token(HttpExchange exchange) throws IOException {
    Map<String, String> form =
        query(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String why = tokenRefusal(exchange, form);
    if (why != null) {
      refusals.add("token: " + why);
      send(
          exchange,
          401,
          "application/json",
          "{\"error\": \"invalid_client\", \"error_description\": \"" + why + "\"}");
      return;
    }
    String token = UUID.randomUUID().toString();
    issuedTokens.add(token);
    tokensIssued.incrementAndGet();
    send(
        exchange,
        200,
        "application/json",
        "{\"access_token\": \"%s\", \"token_type\": \"Bearer\", \"expires_in\": 3600,"
                .formatted(token)
            + " \"scope\": \""
            + NRPS_SCOPE
            + "\"}");
  }

  private String tokenRefusal(HttpExchange exchange, Map<String, String> form) {
    if (!exchange.getRequestMethod().equals("POST")) {
      return "not a POST";
    }
    if (!"client_credentials".equals(form.get("grant_type"))) {
      return "grant_type must be client_credentials";
    }
    if (!"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
        .equals(form.get("client_assertion_type"))) {
      return "client_assertion_type must be jwt-bearer";
    }
    if (form.get("scope") == null || !List.of(form.get("scope").split(" ")).contains(NRPS_SCOPE)) {
      return "the NRPS scope is missing";
    }
    try {
      SignedJWT assertion = SignedJWT.parse(form.get("client_assertion"));
      JWKSet toolSet = JWKSet.load(toolKeys.toURL());
      JWK signer = toolSet.getKeyByKeyId(assertion.getHeader().getKeyID());
      if (signer == null) {
        return "the assertion's key is not in the tool's key set";
      }
      if (!assertion.verify(new RSASSAVerifier(signer.toRSAKey()))) {
        return "the assertion's signature does not verify";
      }
      JWTClaimsSet claims = assertion.getJWTClaimsSet();
      Date now = new Date();
      if (!clientId.equals(claims.getIssuer()) || !clientId.equals(claims.getSubject())) {
        return "iss and sub must be the client id";
      }
      if (!claims.getAudience().contains(issuer() + "/token")) {
        return "aud must name the token endpoint";
      }
      if (claims.getExpirationTime() == null || claims.getExpirationTime().before(now)) {
        return "the assertion has expired";
      }
      if (claims.getJWTID() == null || !usedAssertionIds.add(claims.getJWTID())) {
        return "the assertion's jti is missing or used before";
      }
      return null;
    } catch (java.text.ParseException | JOSEException | IOException | RuntimeException e) {
      return "unreadable assertion: " + e;
    }
  }

  /** The memberships endpoint: the roster in two pages, for a token this LMS issued. */
  private void memberships(HttpExchange exchange) throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null
        || !authorization.startsWith("Bearer ")
        || !issuedTokens.contains(authorization.substring(7))) {
      refusals.add("memberships: no valid service token");
      send(exchange, 401, "application/json", "{}");
      return;
    }
    if (!MEMBERSHIPS_TYPE.equals(exchange.getRequestHeaders().getFirst("Accept"))) {
      refusals.add("memberships: Accept " + exchange.getRequestHeaders().getFirst("Accept"));
      send(exchange, 406, "application/json", "{}");
      return;
    }
    if (rosterStatus != 200) {
      send(exchange, rosterStatus, "application/json", "{}");
      return;
    }
    List<Map<String, Object>> members = roster;
    boolean second = "2".equals(query(exchange.getRequestURI().getRawQuery()).get("page"));
    int half = (members.size() + 1) / 2;
    List<Map<String, Object>> page =
        second ? members.subList(half, members.size()) : members.subList(0, half);
    if (!second) {
      exchange
          .getResponseHeaders()
          .add(
              "Link",
              "<"
                  + (nextPage != null
                      ? nextPage
                      : issuer() + "/memberships?context=" + CONTEXT + "&page=2")
                  + ">; rel=\"next\"");
    }
    rosterPages.incrementAndGet();
    String body =
        Json.createObjectBuilder()
            .add("id", issuer() + "/memberships?context=" + CONTEXT)
            .add("context", Json.createObjectBuilder().add("id", CONTEXT))
            .add("members", Json.createArrayBuilder(page))
            .build()
            .toString();
    send(exchange, 200, MEMBERSHIPS_TYPE, body);
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
