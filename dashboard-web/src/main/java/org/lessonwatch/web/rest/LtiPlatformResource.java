package org.lessonwatch.web.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.lessonwatch.web.access.Roles;
import org.lessonwatch.web.lti.LtiPlatform;
import org.lessonwatch.web.lti.LtiRegistry;
import org.lessonwatch.web.rest.auth.Caller;

/**
 * Admins register the LMS platforms that may launch this tool (LTI 1.3); a platform is sent and
 * answered as {@link LtiPlatform}'s fields in snake_case.
 */
@Path("admin/lti/platforms/{platform_id}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class LtiPlatformResource {

  /** A platform's name here: letters, digits, dot, dash, underscore; up to 64. */
  private static final Pattern PLATFORM_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  static final int MAX_URL_LENGTH = 2048;
  static final int MAX_DEPLOYMENTS = 1000;

  /** Hosts where plain http is accepted, for a platform on the same machine in development. */
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

  @Inject Caller caller;

  @Inject LtiRegistry registry;

  @GET
  public LtiPlatform get(@PathParam("platform_id") String platformId) {
    caller.require(Roles.ADMIN);
    return registry
        .platform(platformId)
        .orElseThrow(() -> PathIds.notFound("platform", platformId));
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  public Response put(@PathParam("platform_id") String platformId, InputStream body) {
    caller.require(Roles.ADMIN);
    JsonRequest request = JsonRequest.read(body);
    if (!PLATFORM_ID.matcher(platformId).matches()) {
      request.reject("platform_id", "must be 1-64 letters, digits, dots, dashes or underscores");
    }
    String issuer = url(request, "issuer");
    String clientId = request.text("client_id", 255);
    String authLoginUrl = url(request, "auth_login_url");
    String authTokenUrl = url(request, "auth_token_url");
    String jwksUrl = url(request, "jwks_url");
    List<String> deployments = request.optionalTextList("deployment_ids", MAX_DEPLOYMENTS, 255);
    if (!request.isPresent("deployment_ids") || deployments.isEmpty()) {
      request.reject("deployment_ids", "must list at least one deployment id");
    }
    request.requireValid();
    LtiPlatform platform =
        new LtiPlatform(
            platformId,
            issuer,
            clientId,
            authLoginUrl,
            authTokenUrl,
            jwksUrl,
            deployments.stream().distinct().sorted().toList());
    boolean created = registry.putPlatform(platform);
    return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
        .entity(platform)
        .build();
  }

  /**
   * A required absolute https URL (plain http only on this machine's loopback, for development):
   * the tool fetches keys and tokens from these and trusts what it gets.
   */
  private static String url(JsonRequest request, String field) {
    String text = request.text(field, MAX_URL_LENGTH);
    if (text == null) {
      return null;
    }
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
      if (uri.getHost() != null
          && uri.getRawUserInfo() == null
          && uri.getRawFragment() == null
          && (scheme.equals("https") || scheme.equals("http") && LOOPBACK.contains(host))) {
        return text;
      }
    } catch (URISyntaxException e) {
      // refused below
    }
    request.reject(
        field, "must be an absolute https URL (http only for localhost), without user or fragment");
    return null;
  }
}
