package org.lessonwatch.web.config;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Every API call needs a valid bearer token. Payara's MP-JWT mechanism rejects bad tokens itself
 * but lets requests without any token through unauthenticated; they stop here with a 401.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiAuthentication implements ContainerRequestFilter {

  @Override
  public void filter(ContainerRequestContext request) {
    if (request.getSecurityContext().getUserPrincipal() == null) {
      request.abortWith(
          Problem.of(
                  401,
                  "unauthenticated",
                  "unauthenticated",
                  "send a valid bearer token in the Authorization header")
              .toResponse()
              .build());
    }
  }
}
