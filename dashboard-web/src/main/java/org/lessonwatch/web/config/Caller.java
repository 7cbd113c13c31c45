package org.lessonwatch.web.config;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.lessonwatch.web.access.Audience;

/**
 * Who is calling the API, from their verified bearer token. {@link ApiAuthentication} has already
 * turned away requests without a valid token; this is where resources ask about roles.
 */
@RequestScoped
public class Caller {

  @Inject JsonWebToken token;

  @Context SecurityContext security;

  /** The token's subject: the learner a heartbeat belongs to. */
  public String subject() {
    String subject = token.getSubject();
    if (subject == null || subject.isEmpty() || subject.length() > 255) {
      throw new ProblemException(
          Problem.of(
              401, "invalid-token", "invalid token", "the token's sub must be 1-255 characters"));
    }
    return subject;
  }

  /** The caller as an audience for analytics: subject and groups. */
  public Audience audience() {
    return new Audience(subject(), token.getGroups() == null ? Set.of() : token.getGroups());
  }

  public boolean hasRole(String role) {
    return token.getGroups() != null && token.getGroups().contains(role);
  }

  /** Ends the request with 403 unless the token carries the role. */
  public void require(String role) {
    if (!hasRole(role)) {
      throw new ProblemException(
          Problem.of(
              403, "forbidden", "forbidden", "this request needs a token with group " + role));
    }
  }
}
