package org.lessonwatch.web.lti;

import java.util.List;

/**
 * An LMS registered for LTI 1.3 launches: who it is ({@code issuer}, and this tool's {@code
 * client_id} there), where its OIDC authorization, OAuth 2 token and key-set endpoints are, and the
 * deployment ids it may launch from.
 */
public record LtiPlatform(
    String platformId,
    String issuer,
    String clientId,
    String authLoginUrl,
    String authTokenUrl,
    String jwksUrl,
    List<String> deploymentIds) {

  public LtiPlatform {
    deploymentIds = List.copyOf(deploymentIds);
  }
}
