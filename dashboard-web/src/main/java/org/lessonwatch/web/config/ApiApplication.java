package org.lessonwatch.web.config;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The JSON API, authenticated by bearer JWTs from the LMS. A CDI bean so that {@code JsonWebToken}
 * can be injected into resources.
 */
@ApplicationPath("/api/v1")
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({Roles.LEARNER, Roles.INSTRUCTOR, Roles.ADMIN})
@ApplicationScoped
public class ApiApplication extends Application {}
