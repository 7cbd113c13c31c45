package org.lessonwatch.web.demo;

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
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.lessonwatch.content.ContentCatalog;
import org.lessonwatch.content.LessonListing;
import org.lessonwatch.engagement.DateRange;
import org.lessonwatch.engagement.EngagementAnalytics;
import org.lessonwatch.engagement.LearnerActivity;
import org.lessonwatch.web.lti.LtiContext;
import org.lessonwatch.web.lti.LtiRegistry;
import org.lessonwatch.web.lti.ToolKeys;
import org.unbescape.html.HtmlEscape;

/**
 * A development-only LMS inside the service, under {@code /demo/lms/}, so that a newcomer sees an
 * LTI 1.3 launch without an LMS of their own ({@code src/dev/run-demo.sh} registers it as platform
 * {@value #PLATFORM_ID} and links the demo courses to its contexts {@code demo-course-<id>}). It
 * plays the platform's side as {@code SimulatedLms} does in the tests: {@code course} is an LMS
 * course page with the tool in an iframe; {@code auth} answers the tool's login redirect with a
 * signed {@code id_token} for an instructor, named by the login hint; {@code jwks} is its key set
 * (a key made at start, kept in memory); {@code token} grants a service token for a client
 * assertion that the tool's own key set verifies; {@code memberships} gives the course's roster:
 * the demo learners who watched its lessons and {@value #NEVER_STARTED} who never did. Everything
 * answers 404 unless {@code engagement.demo-player.enabled} is {@code true}.
 */
@WebServlet(urlPatterns = "/demo/lms/*", loadOnStartup = 1)
public class DemoLmsServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  static final String PLATFORM_ID = "demo-lms";
  static final String CLIENT_ID = "lessonwatch-demo";
  static final String DEPLOYMENT = "demo-deployment";
  static final int NEVER_STARTED = 40;

  /** The demo users an LMS course page may launch as, with their names. */
  private static final Map<String, String> USERS =
      Map.of("instructor-ada", "Ada Lovelace", "instructor-grace", "Grace Hopper");

  private static final Pattern CONTEXT = Pattern.compile("demo-course-[0-9]{1,19}");
  private static final String LTI = "https://purl.imsglobal.org/spec/lti/claim/";
  private static final String MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#";

  @Inject transient ToolKeys toolKeys;

  @Inject transient LtiRegistry registry;

  @Inject transient ContentCatalog catalog;

  @Inject transient EngagementAnalytics analytics;

  private transient boolean enabled;
  private transient RSAKey key;
  private final transient Set<String> tokens = ConcurrentHashMap.newKeySet();

  @Override
  public void init() throws ServletException {
    enabled =
        ConfigProvider.getConfig()
            .getOptionalValue(DemoPlayerServlet.ENABLED_KEY, Boolean.class)
            .orElse(false);
    if (enabled) {
      try {
        key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
      } catch (JOSEException e) {
        throw new ServletException(e);
      }
    }
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    if (!enabled) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Cache-Control", "no-store");
    String path = request.getPathInfo() == null ? "" : request.getPathInfo();
    String method = request.getMethod();
    switch (method + " " + path) {
      case "GET /course" -> coursePage(request, response);
      case "GET /launch.js" -> script(response);
      case "GET /auth" -> authorize(request, response);
      case "GET /jwks" -> json(response, 200, new JWKSet(key).toString());
      case "POST /token" -> token(request, response);
      case "GET /memberships" -> memberships(request, response);
      default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
    }
  }

  /** This LMS's issuer: the service's own origin, under {@code /demo/lms}. */
  static String issuer(HttpServletRequest request) {
    return request.getScheme()
        + "://"
        + request.getServerName()
        + ":"
        + request.getServerPort()
        + request.getContextPath()
        + "/demo/lms";
  }

  /** The LMS course page: the tool in an iframe, its launch form posted into it. */
  private void coursePage(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String context = request.getParameter("context");
    String user = request.getParameter("user");
    if (context == null || !CONTEXT.matcher(context).matches() || !USERS.containsKey(user)) {
      html(
          response,
          400,
          "<p>Give <code>context=demo-course-&lt;id&gt;</code> and <code>user</code>, one of "
              + HtmlEscape.escapeHtml5(String.join(", ", new TreeSet<>(USERS.keySet())))
              + ".</p>");
      return;
    }
    String root = request.getContextPath();
    String page =
        """
        <header>Demo LMS · %1$s · Video analytics <small>signed in as %2$s</small></header>
        <form id="launch" method="post" target="tool" action="%3$s/lti/login">
        <input type="hidden" name="iss" value="%4$s">
        <input type="hidden" name="login_hint" value="%5$s">
        <input type="hidden" name="lti_message_hint" value="%1$s">
        <input type="hidden" name="client_id" value="%6$s">
        <input type="hidden" name="lti_deployment_id" value="%7$s">
        <input type="hidden" name="target_link_uri" value="%3$s/lti/launch">
        </form>
        <iframe name="tool" title="Lessonwatch"></iframe>
        """
            .formatted(
                context,
                HtmlEscape.escapeHtml5(USERS.get(user)),
                root,
                HtmlEscape.escapeHtml5(issuer(request)),
                user,
                CLIENT_ID,
                DEPLOYMENT);
    html(response, 200, page);
  }

  /** Submits the first form of the page: the launch form, or the id_token form post. */
  private static void script(HttpServletResponse response) throws IOException {
    byte[] body = "document.forms[0].submit();\n".getBytes(StandardCharsets.UTF_8);
    response.setContentType("text/javascript;charset=UTF-8");
    response.getOutputStream().write(body);
  }

  /**
   * The authorization endpoint: the tool's login redirect, checked as a platform does, answered
   * with an auto-submitting form post of an id_token for the hinted user, an instructor of the
   * hinted course.
   */
  private void authorize(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String user = request.getParameter("login_hint");
    String context = request.getParameter("lti_message_hint");
    String redirect = request.getParameter("redirect_uri");
    String toolLaunch =
        request.getRequestURL().toString().replaceFirst("/demo/lms/auth$", "/lti/launch");
    if (!"openid".equals(request.getParameter("scope"))
        || !"id_token".equals(request.getParameter("response_type"))
        || !"form_post".equals(request.getParameter("response_mode"))
        || !CLIENT_ID.equals(request.getParameter("client_id"))
        || !toolLaunch.equals(redirect)
        || request.getParameter("nonce") == null
        || request.getParameter("state") == null
        || !USERS.containsKey(user)
        || context == null
        || !CONTEXT.matcher(context).matches()) {
      html(response, 400, "<p>The demo LMS refuses this login request.</p>");
      return;
    }
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer(request))
            .subject(user)
            .audience(CLIENT_ID)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
            .claim("nonce", request.getParameter("nonce"))
            .claim("name", USERS.get(user))
            .claim(LTI + "message_type", "LtiResourceLinkRequest")
            .claim(LTI + "version", "1.3.0")
            .claim(LTI + "deployment_id", DEPLOYMENT)
            .claim(LTI + "target_link_uri", redirect)
            .claim(LTI + "resource_link", Map.of("id", context + "-analytics"))
            .claim(LTI + "roles", List.of(MEMBERSHIP + "Instructor"))
            .claim(LTI + "context", Map.of("id", context, "title", "Demo " + context))
            .claim(
                "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
                Map.of(
                    "context_memberships_url",
                    issuer(request) + "/memberships?context=" + context,
                    "service_versions",
                    List.of("2.0")))
            .build();
    String page =
        """
        <form method="post" action="%s">
        <input type="hidden" name="id_token" value="%s">
        <input type="hidden" name="state" value="%s">
        </form>
        """
            .formatted(
                HtmlEscape.escapeHtml5(redirect),
                sign(claims),
                HtmlEscape.escapeHtml5(request.getParameter("state")));
    html(response, 200, page);
  }

  private String sign(JWTClaimsSet claims) {
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

  /**
   * The token endpoint: client credentials with a client assertion that the tool's key set
   * verifies, issued by and about this LMS's client id, for this endpoint.
   */
  private void token(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String refusal = null;
    try {
      SignedJWT assertion =
          SignedJWT.parse(String.valueOf(request.getParameter("client_assertion")));
      JWK signer = toolKeys.publicKeys().getKeyByKeyId(assertion.getHeader().getKeyID());
      JWTClaimsSet claims = assertion.getJWTClaimsSet();
      if (!"client_credentials".equals(request.getParameter("grant_type"))) {
        refusal = "grant_type must be client_credentials";
      } else if (signer == null || !assertion.verify(new RSASSAVerifier(signer.toRSAKey()))) {
        refusal = "the client assertion is not signed by a key of the tool's key set";
      } else if (!CLIENT_ID.equals(claims.getIssuer()) || !CLIENT_ID.equals(claims.getSubject())) {
        refusal = "the client assertion is not the demo client's";
      } else if (!claims.getAudience().contains(request.getRequestURL().toString())
          || claims.getExpirationTime() == null
          || claims.getExpirationTime().before(new Date())) {
        refusal = "the client assertion is for another endpoint or has expired";
      }
    } catch (ParseException | JOSEException e) {
      refusal = "unreadable client assertion";
    }
    if (refusal != null) {
      json(
          response,
          401,
          Json.createObjectBuilder()
              .add("error", "invalid_client")
              .add("error_description", refusal)
              .build()
              .toString());
      return;
    }
    if (tokens.size() > 10_000) {
      tokens.clear();
    }
    String token = UUID.randomUUID().toString();
    tokens.add(token);
    json(
        response,
        200,
        Json.createObjectBuilder()
            .add("access_token", token)
            .add("token_type", "Bearer")
            .add("expires_in", 3600)
            .build()
            .toString());
  }

  /**
   * The roster of a demo course: every demo learner who watched one of its lessons, and {@value
   * #NEVER_STARTED} learners who never did, each named.
   */
  private void memberships(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String authorization = request.getHeader("Authorization");
    String context = request.getParameter("context");
    if (authorization == null
        || !authorization.startsWith("Bearer ")
        || !tokens.contains(authorization.substring(7))) {
      json(response, 401, "{\"error\": \"invalid_token\"}");
      return;
    }
    if (context == null || !CONTEXT.matcher(context).matches()) {
      json(response, 404, "{}");
      return;
    }
    Set<String> learners = new TreeSet<>();
    registry
        .courseOf(new LtiContext(PLATFORM_ID, context))
        .ifPresent(
            course -> {
              LocalDate tomorrow = LocalDate.now(analytics.zone()).plusDays(1);
              DateRange years = new DateRange(tomorrow.minusDays(DateRange.MAX_DAYS), tomorrow);
              for (LessonListing lesson : catalog.lessonsOf(Set.of(course))) {
                analytics.learners(lesson.ref(), years).stream()
                    .map(LearnerActivity::learner)
                    .forEach(learners::add);
              }
            });
    JsonArrayBuilder members = Json.createArrayBuilder();
    for (String learner : learners) {
      members.add(member(learner, "Active"));
    }
    for (int i = 1; i <= NEVER_STARTED; i++) {
      members.add(member("%s-newcomer-%02d".formatted(context, i), "Active"));
    }
    members.add(
        Json.createObjectBuilder()
            .add("user_id", "instructor-ada")
            .add("name", USERS.get("instructor-ada"))
            .add("roles", Json.createArrayBuilder().add(MEMBERSHIP + "Instructor")));
    response.setContentType("application/vnd.ims.lti-nrps.v2.membershipcontainer+json");
    response
        .getWriter()
        .write(
            Json.createObjectBuilder()
                .add("id", request.getRequestURL().toString())
                .add("context", Json.createObjectBuilder().add("id", context))
                .add("members", members)
                .build()
                .toString());
  }

  /** A demo learner, named after their sub ("demo-learner-00017" is "Demo learner 17"). */
  private static jakarta.json.JsonObjectBuilder member(String sub, String status) {
    String number = sub.replaceAll("^.*?-0*(?=[0-9])", "");
    String name =
        sub.startsWith("demo-learner-")
            ? "Demo learner " + number
            : sub.contains("-newcomer-") ? "Newcomer " + number : sub;
    return Json.createObjectBuilder()
        .add("user_id", sub)
        .add("name", name)
        .add("status", status)
        .add("roles", Json.createArrayBuilder().add(MEMBERSHIP + "Learner"));
  }

  private static void html(HttpServletResponse response, int status, String body)
      throws IOException {
    response.setStatus(status);
    response.setContentType("text/html;charset=UTF-8");
    response.setHeader(
        "Content-Security-Policy",
        "default-src 'self'; style-src 'unsafe-inline'; script-src 'self'; frame-ancestors 'self'");
    response
        .getWriter()
        .write(
            """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Demo LMS</title>
            <style>body{font-family:sans-serif;margin:0;background:#e8eef5}
            header{background:#1f3a5f;color:#fff;padding:12px 20px;font-size:20px}
            small{font-size:14px;opacity:.8;margin-left:1em}
            iframe{box-sizing:border-box;width:96%;height:1400px;margin:16px 2%;border:1px solid #99a;background:#fff}</style>
            <script src="launch.js" defer></script></head><body>
            """
                + body
                + "</body></html>");
  }

  private static void json(HttpServletResponse response, int status, String body)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.getWriter().write(body);
  }
}
