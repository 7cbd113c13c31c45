package org.lessonwatch.web.startup;

import static org.lessonwatch.web.startup.FailedStartup.assertFailedLoudly;
import static org.lessonwatch.web.startup.FailedStartup.assertLogged;

import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lessonwatch.web.testing.ApiClient;
import org.lessonwatch.web.testing.Deployments;
import org.lessonwatch.web.testing.ServerOutput;

/**
 * A configuration value that makes no sense stops start-up before anything touches the database,
 * naming the key; it used to fail the deployment inside CDI, which left the container answering a
 * bare 403 to every request.
 */
@ExtendWith(ArquillianExtension.class)
class ConfigurationFailureIT {

  static final ServerOutput LOG = ServerOutput.capture();

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.engagementWar(Map.of("engagement.session-gap", "soon"));
  }

  @ArquillianResource URL base;

  @Test
  void anInvalidConfigurationValueStopsStartUpNamingTheKey() {
    assertFailedLoudly(new ApiClient(base), "configuration");
    assertLogged(
        LOG,
        "Lessonwatch did not start: configuration failed",
        "engagement.session-gap must be an ISO-8601 duration of at least PT1S, such as PT30M, was"
            + " 'soon'");
  }
}
