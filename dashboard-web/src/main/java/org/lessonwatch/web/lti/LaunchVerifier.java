package org.lessonwatch.web.lti;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

/**
 * Checks an LTI 1.3 launch's {@code id_token} as the 1EdTech Security Framework and LTI Core ask:
 * Nimbus's OpenID Connect {@link IDTokenValidator} checks the RS256 signature against the
 * platform's key set (fetched from its {@code jwks_url}, cached), {@code iss}, {@code aud} (this
 * tool's client id), {@code exp} and {@code iat} (60 s of clock skew) and the login's {@code
 * nonce}; then {@code azp} when there are several audiences, and the LTI claims: message type
 * {@code LtiResourceLinkRequest}, version {@code 1.3.0}, a registered deployment id, a resource
 * link and a context.
 */
@ApplicationScoped
public class LaunchVerifier {

  /** The longest {@code id_token} accepted, in characters (a real one is a few KiB). */
  public static final int MAX_ID_TOKEN_CHARS = 32 * 1024;

  private static final String LTI = "https://purl.imsglobal.org/spec/lti/claim/";
  private static final String NRPS =
      "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice";

  /** The platform key sets may be this large; fetching one may take this long. */
  private static final int KEY_SET_BYTES = 512 * 1024;

  private static final int KEY_SET_TIMEOUT_MS = 3_000;

  /** One validator (and key-set cache) per platform registration as it is now. */
  private final Cache<LtiPlatform, IDTokenValidator> validators =
      Caffeine.newBuilder().maximumSize(1_000).build();

  /**
   * The launch the token stands for.
   *
   * @throws LaunchRefused saying which check failed
   */
  public Launch verify(LtiPlatform platform, String idToken, String nonce) throws LaunchRefused {
    if (idToken.length() > MAX_ID_TOKEN_CHARS) {
      throw new LaunchRefused("the id_token is longer than " + MAX_ID_TOKEN_CHARS + " characters");
    }
    JWT jwt;
    try {
      jwt = JWTParser.parse(idToken);
    } catch (ParseException e) {
      throw new LaunchRefused("the id_token is not a JWT");
    }
    IDTokenClaimsSet claims;
    try {
      claims = validator(platform).validate(jwt, new Nonce(nonce));
    } catch (BadJWSException e) {
      throw new LaunchRefused("the id_token is not signed with a key of the platform");
    } catch (BadJOSEException e) {
      throw new LaunchRefused("the id_token was refused: " + e.getMessage());
    } catch (JOSEException e) {
      throw new LaunchRefused("the id_token could not be checked: " + e.getMessage());
    }
    List<Audience> audiences = claims.getAudience();
    String azp = claims.getStringClaim("azp");
    if (azp != null && !azp.equals(platform.clientId()) || azp == null && audiences.size() > 1) {
      throw new LaunchRefused("the id_token's azp is not this tool's client id");
    }
    require(
        "LtiResourceLinkRequest".equals(claims.getStringClaim(LTI + "message_type")),
        "the message type is not LtiResourceLinkRequest");
    require("1.3.0".equals(claims.getStringClaim(LTI + "version")), "the LTI version is not 1.3.0");
    String deployment = claims.getStringClaim(LTI + "deployment_id");
    require(
        deployment != null && platform.deploymentIds().contains(deployment),
        "the deployment id is not registered for this platform");
    Map<String, Object> link = object(claims, LTI + "resource_link");
    require(link != null && link.get("id") instanceof String, "the launch has no resource link");
    Map<String, Object> context = object(claims, LTI + "context");
    require(
        context != null && context.get("id") instanceof String id && !id.isBlank(),
        "the launch names no LMS course (context)");
    // null when absent or not a list of strings: then no role opens anything
    List<String> roles = claims.getStringListClaim(LTI + "roles");
    Map<String, Object> nrps = object(claims, NRPS);
    return new Launch(
        platform.platformId(),
        deployment,
        claims.getSubject().getValue(),
        claims.getStringClaim("name"),
        roles == null ? List.of() : roles,
        (String) context.get("id"),
        context.get("title") instanceof String title ? title : null,
        nrps != null && nrps.get("context_memberships_url") instanceof String url ? url : null);
  }

  private static void require(boolean check, String otherwise) throws LaunchRefused {
    if (!check) {
      throw new LaunchRefused(otherwise);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(IDTokenClaimsSet claims, String name) {
    return claims.getClaim(name) instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
  }

  private IDTokenValidator validator(LtiPlatform platform) throws LaunchRefused {
    try {
      return validators.get(platform, LaunchVerifier::newValidator);
    } catch (IllegalArgumentException e) {
      throw new LaunchRefused("the platform's key set URL cannot be used: " + e.getMessage());
    }
  }

  private static IDTokenValidator newValidator(LtiPlatform platform) {
    JWKSource<SecurityContext> keys;
    try {
      keys =
          JWKSourceBuilder.<SecurityContext>create(
                  URI.create(platform.jwksUrl()).toURL(),
                  new DefaultResourceRetriever(
                      KEY_SET_TIMEOUT_MS, KEY_SET_TIMEOUT_MS, KEY_SET_BYTES))
              .build();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    IDTokenValidator validator =
        new IDTokenValidator(
            new Issuer(platform.issuer()),
            new ClientID(platform.clientId()),
            new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys),
            null);
    validator.setMaxClockSkew(60);
    return validator;
  }
}
