package org.lessonwatch.web.lti;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Link;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lessonwatch.web.roster.RosterMember;

/**
 * Fetches an LMS course's learners with LTI Names and Role Provisioning Services 2.0: a service
 * token by OAuth 2 client credentials, authenticated by a JWT client assertion signed with this
 * tool's key ({@link ToolKeys}), for the NRPS scope; then the memberships, page by page along the
 * {@code Link: <…>; rel="next"} headers. The Nimbus OAuth 2.0 SDK writes the assertion and reads
 * the token answer. Limits, each ending the fetch with a {@link RosterUnavailable}: {@link
 * #MAX_MEMBERS} members, {@link #MAX_PAGES} pages, {@link #MAX_PAGE_BYTES} per answer, {@link
 * BoundedHttp#TIMEOUT} per request; a {@code next} page must be on the memberships URL's own
 * origin, which the service token is for.
 */
@ApplicationScoped
class RosterFetch {

  static final String NRPS_SCOPE =
      "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";

  static final String MEMBERSHIPS_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";

  static final int MAX_MEMBERS = 50_000;
  static final int MAX_PAGES = 1_000;
  static final int MAX_PAGE_BYTES = 8 * 1024 * 1024;
  private static final int MAX_TOKEN_BYTES = 64 * 1024;

  private static final String LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";

  @Inject ToolKeys keys;

  /** The learners of the roster at {@code membershipsUrl}, as the platform gives them now. */
  List<RosterMember> fetch(LtiPlatform platform, String membershipsUrl) throws RosterUnavailable {
    URI first = httpUri(membershipsUrl, "the roster URL");
    AccessToken token = serviceToken(platform);
    BoundedHttp pages = new BoundedHttp(MAX_PAGE_BYTES);
    List<RosterMember> learners = new ArrayList<>();
    int seen = 0;
    URI next = first;
    for (int page = 1; next != null; page++) {
      if (page > MAX_PAGES) {
        throw new RosterUnavailable("the roster has more than " + MAX_PAGES + " pages");
      }
      HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, next);
      request.setAccept(MEMBERSHIPS_TYPE);
      request.setAuthorization(token.toAuthorizationHeader());
      HTTPResponse response;
      try {
        response = request.send(pages);
      } catch (IOException e) {
        throw new RosterUnavailable("the roster could not be read: " + describe(e), e);
      }
      if (response.getStatusCode() != 200) {
        throw new RosterUnavailable(
            "the LMS answered " + response.getStatusCode() + " to the roster request");
      }
      List<?> members;
      try {
        Object value = response.getBodyAsJSONObject().get("members");
        if (!(value instanceof List<?> list)) {
          throw new RosterUnavailable("the roster page has no members list");
        }
        members = list;
      } catch (ParseException e) {
        throw new RosterUnavailable("the roster page is not JSON", e);
      }
      seen += members.size();
      if (seen > MAX_MEMBERS) {
        throw new RosterUnavailable("the roster has more than " + MAX_MEMBERS + " members");
      }
      for (Object member : members) {
        if (member instanceof Map<?, ?> fields) {
          learner(fields).ifPresent(learners::add);
        }
      }
      next = nextPage(response, next, first);
    }
    return learners;
  }

  /** A member who is a learner of the course and not deleted from it; others are skipped. */
  private static Optional<RosterMember> learner(Map<?, ?> member) {
    if (!(member.get("user_id") instanceof String sub) || sub.isBlank() || sub.length() > 255) {
      return Optional.empty();
    }
    boolean learner =
        member.get("roles") instanceof List<?> roles
            && roles.stream().anyMatch(role -> LEARNER.equals(role) || "Learner".equals(role));
    String status = member.get("status") instanceof String s ? s : "Active";
    if (!learner || status.equals("Deleted")) {
      return Optional.empty();
    }
    String name = member.get("name") instanceof String n ? n : null;
    if (name == null
        && (member.get("given_name") instanceof String
            || member.get("family_name") instanceof String)) {
      name =
          ((member.get("given_name") instanceof String given ? given : "")
                  + " "
                  + (member.get("family_name") instanceof String family ? family : ""))
              .strip();
    }
    return Optional.of(new RosterMember(sub, name, !status.equals("Inactive")));
  }

  /**
   * A service token for the NRPS scope: client credentials, with a client assertion (RS256, this
   * tool's current key, {@code aud} the token URL) in place of a secret.
   */
  private AccessToken serviceToken(LtiPlatform platform) throws RosterUnavailable {
    URI tokenUrl = httpUri(platform.authTokenUrl(), "the token URL");
    RSAKey key = keys.signingKey();
    HTTPResponse answer;
    try {
      PrivateKeyJWT assertion =
          new PrivateKeyJWT(
              new ClientID(platform.clientId()),
              tokenUrl,
              JWSAlgorithm.RS256,
              key.toRSAPrivateKey(),
              key.getKeyID(),
              null);
      TokenRequest request =
          new TokenRequest(
              tokenUrl, assertion, new ClientCredentialsGrant(), new Scope(NRPS_SCOPE));
      answer = request.toHTTPRequest().send(new BoundedHttp(MAX_TOKEN_BYTES));
    } catch (JOSEException e) {
      throw new IllegalStateException("the tool key cannot sign", e);
    } catch (IOException e) {
      throw new RosterUnavailable("the LMS token endpoint could not be reached: " + describe(e), e);
    }
    TokenResponse token;
    try {
      token = TokenResponse.parse(answer);
    } catch (ParseException e) {
      throw new RosterUnavailable(
          "the LMS token endpoint answered " + answer.getStatusCode() + " without a token", e);
    }
    if (!token.indicatesSuccess()) {
      ErrorObject error = token.toErrorResponse().getErrorObject();
      throw new RosterUnavailable(
          "the LMS refused a service token ("
              + error.getHTTPStatusCode()
              + (error.getCode() == null ? "" : " " + error.getCode())
              + (error.getDescription() == null ? "" : ": " + error.getDescription())
              + ")");
    }
    return token.toSuccessResponse().getTokens().getAccessToken();
  }

  /**
   * The {@code rel="next"} link, resolved against the page; it must stay on the roster's origin.
   */
  private static URI nextPage(HTTPResponse response, URI page, URI first) throws RosterUnavailable {
    List<String> headers = response.getHeaderValues("Link");
    if (headers == null) {
      return null;
    }
    for (String header : headers) {
      for (String value : header.split(",(?=\\s*<)")) {
        Link link;
        try {
          link = Link.valueOf(value.strip());
        } catch (IllegalArgumentException e) {
          throw new RosterUnavailable("the roster's Link header cannot be read");
        }
        if (link.getRels().contains("next")) {
          URI next = page.resolve(link.getUri());
          if (!sameOrigin(next, first)) {
            throw new RosterUnavailable("the roster's next page is on another site: " + next);
          }
          return next;
        }
      }
    }
    return null;
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null
        && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && a.getPort() == b.getPort();
  }

  /** An I/O failure in words: its message, or its kind when it has none (a refused connection). */
  private static String describe(IOException e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static URI httpUri(String url, String what) throws RosterUnavailable {
    try {
      URI uri = new URI(url);
      if (("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    throw new RosterUnavailable(what + " is not an http(s) URL");
  }
}
