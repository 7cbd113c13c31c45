package org.lessonwatch.web.rest;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.lessonwatch.web.access.Roles;
import org.lessonwatch.web.rest.auth.ApiAuthentication;
import org.lessonwatch.web.rest.auth.BearerTokens;

/**
 * The JSON API, authenticated by bearer JWTs from the LMS: {@link ApiAuthentication} verifies them
 * with {@link BearerTokens}, configured by the MicroProfile JWT keys.
 */
@ApplicationPath("/api/v1")
@DeclareRoles({Roles.LEARNER, Roles.INSTRUCTOR, Roles.ADMIN})
@ApplicationScoped
public class ApiApplication extends Application {}
