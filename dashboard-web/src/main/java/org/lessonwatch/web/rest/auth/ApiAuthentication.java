package org.lessonwatch.web.rest.auth;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;
import org.lessonwatch.web.problems.Problem;

/**
 * Every API call needs a valid bearer token: verified here, before any resource runs, or the
 * request ends with a 401 and a {@code WWW-Authenticate: Bearer} challenge. The verified caller is
 * then the request's {@link SecurityContext} principal, which {@link Caller} reads.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiAuthentication implements ContainerRequestFilter {

  private static final String BEARER = "Bearer ";

  /**
   * Set on a request whose token is the warm-up's ({@link BearerTokens#startRehearsals}), so that
   * the application's metrics leave it out.
   */
  public static final String REHEARSAL = "org.lessonwatch.rehearsal";

  @Inject BearerTokens tokens;

  @Override
  public void filter(ContainerRequestContext request) {
    String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (authorization == null
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      request.abortWith(
          Problem.of(
                  401,
                  "unauthenticated",
                  "unauthenticated",
                  "send a valid bearer token in the Authorization header")
              .toResponse()
              .build());
      return;
    }
    try {
      BearerTokens.Verified caller = tokens.verify(authorization.substring(BEARER.length()).trim());
      if (caller.rehearsal()) {
        request.setProperty(REHEARSAL, Boolean.TRUE); // a servlet request attribute too
      }
      request.setSecurityContext(
          new TokenSecurityContext(
              new TokenPrincipal(caller), request.getSecurityContext().isSecure()));
    } catch (BearerTokens.InvalidToken e) {
      request.abortWith(
          Problem.of(
                  401, "invalid-token", "invalid token", "the bearer token is invalid or expired")
              .toResponse()
              .build());
    }
  }

  /** The caller of a request with a verified token. */
  record TokenPrincipal(BearerTokens.Verified token) implements Principal {
    @Override
    public String getName() {
      return token.subject();
    }
  }

  private record TokenSecurityContext(TokenPrincipal principal, boolean secure)
      implements SecurityContext {
    @Override
    public Principal getUserPrincipal() {
      return principal;
    }

    @Override
    public boolean isUserInRole(String role) {
      return principal.token().groups().contains(role);
    }

    @Override
    public boolean isSecure() {
      return secure;
    }

    @Override
    public String getAuthenticationScheme() {
      return "Bearer";
    }
  }
}
