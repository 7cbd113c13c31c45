package org.lessonwatch.web.rest.auth;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import org.lessonwatch.web.access.Audience;
import org.lessonwatch.web.problems.Problem;
import org.lessonwatch.web.problems.ProblemException;

/**
 * Who is calling the API, from their verified bearer token. {@link ApiAuthentication} has already
 * turned away requests without a valid token; this is where resources ask about roles.
 */
@RequestScoped
public class Caller {

  @Context SecurityContext security;

  /** The token's subject: the learner a heartbeat belongs to. */
  public String subject() {
    return token().subject();
  }

  /** The caller as an audience for analytics: subject and groups. */
  public Audience audience() {
    return new Audience(subject(), token().groups());
  }

  public boolean hasRole(String role) {
    return token().groups().contains(role);
  }

  /** Ends the request with 403 unless the token carries the role. */
  public void require(String role) {
    if (!hasRole(role)) {
      throw new ProblemException(
          Problem.of(
              403, "forbidden", "forbidden", "this request needs a token with group " + role));
    }
  }

  /**
   * The subject of the request whose security context this is, for an application-scoped resource
   * that takes the context as a parameter instead of having a {@code Caller} made per request.
   */
  public static String subjectOf(SecurityContext security) {
    return tokenOf(security).subject();
  }

  /**
   * Whether the request comes from the server's own warm-up: its heartbeats are rehearsed, not
   * recorded.
   */
  public static boolean isRehearsal(SecurityContext security) {
    return tokenOf(security).rehearsal();
  }

  private BearerTokens.Verified token() {
    return tokenOf(security);
  }

  private static BearerTokens.Verified tokenOf(SecurityContext security) {
    if (security.getUserPrincipal() instanceof ApiAuthentication.TokenPrincipal principal) {
      return principal.token();
    }
    throw new ProblemException(
        Problem.of(401, "unauthenticated", "unauthenticated", "no verified bearer token"));
  }
}
