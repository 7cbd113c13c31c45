package org.lessonwatch.web.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lessonwatch.web.rest.HeartbeatApiIT.assertProblem;

import java.net.URL;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lessonwatch.web.testing.ApiClient;
import org.lessonwatch.web.testing.ApiClient.Reply;
import org.lessonwatch.web.testing.Deployments;
import org.lessonwatch.web.testing.TestTokens;
import org.lessonwatch.web.testing.Viewer;

/** Before an admin configures the token key and issuer, the API turns every call away with 401. */
@ExtendWith(ArquillianExtension.class)
class UnconfiguredTokensIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.engagementWarWithoutTokenSettings();
  }

  @ArquillianResource URL base;

  @Test
  void answersUnauthorizedToEveryTokenUntilVerificationIsConfigured() {
    ApiClient api = new ApiClient(base);
    String body = "{\"content_kind\": \"lms_lesson\", \"content_id\": 1, \"position_sec\": 1}";

    for (String token :
        List.of(TestTokens.learner("learner-1"), TestTokens.admin(), TestTokens.forged("x"))) {
      Reply heartbeat = api.post(Viewer.HEARTBEAT_PATH, token, body);
      Reply catalogue = api.get("api/v1/content/courses/1", token);

      assertEquals(401, heartbeat.status(), heartbeat::toString);
      assertProblem(heartbeat, 401);
      assertTrue(heartbeat.header("WWW-Authenticate").orElse("").startsWith("Bearer"));
      assertEquals(401, catalogue.status(), catalogue::toString);
    }
    assertEquals(200, api.get("health/ready", null).status(), "the application itself is up");
  }
}
