package org.lessonwatch.web.dashboard.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lessonwatch.web.testing.ApiClient;
import org.lessonwatch.web.testing.DashboardClient;
import org.lessonwatch.web.testing.Deployments;
import org.lessonwatch.web.testing.TestTokens;

/**
 * Sign-ins arriving together at a server that checks one password at a time: the one checked and
 * the one waiting for it get in, the others are told to try again in a moment, and do get in when
 * they do. Its own deployment, because every other class lets more checks run at once.
 *
 * <p>The instructors sign in with their right passwords, so that none of this counts against the
 * test's client address in the login throttle.
 */
@ExtendWith(ArquillianExtension.class)
class ConcurrentSignInsIT {

  static final String PASSWORD = "correct horse battery";

  /** With one check running and one waiting, six of these cannot be let in at once. */
  static final int SIMULTANEOUS = 8;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.engagementWar(Map.of("engagement.login.max-concurrent-checks", "1"));
  }

  @ArquillianResource URL base;

  @Test
  void refusesSignInsBeyondTheFreeCheckSlotWithRetryAfterAndLetsThemInWhenTheyRetry()
      throws Exception {
    ApiClient api = new ApiClient(base);
    List<String> instructors = new ArrayList<>();
    List<DashboardClient> browsers = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < SIMULTANEOUS; i++) {
      String username = "instructor-" + UUID.randomUUID();
      var created =
          api.put(
              "api/v1/admin/accounts/" + username,
              TestTokens.admin(),
              "{\"password\": \"" + PASSWORD + "\", \"roles\": [\"instructor\"]}");
      assertEquals(201, created.status(), created::toString);
      instructors.add(username);
      browsers.add(new DashboardClient(base));
      tokens.add(browsers.get(i).loginFormToken());
    }

    List<HttpResponse<String>> replies =
        DashboardClient.simultaneously(
            SIMULTANEOUS, i -> browsers.get(i).logIn(tokens.get(i), instructors.get(i), PASSWORD));

    List<Integer> refused = new ArrayList<>();
    for (int i = 0; i < SIMULTANEOUS; i++) {
      HttpResponse<String> reply = replies.get(i);
      assertTrue(Set.of(303, 429).contains(reply.statusCode()), reply::body);
      if (reply.statusCode() == 429) {
        refused.add(i);
        assertTrue(
            reply.body().contains("Too many sign-ins at once, try again in a moment."),
            reply::body);
        assertEquals("1", reply.headers().firstValue("Retry-After").orElse(null));
      }
    }
    assertFalse(refused.isEmpty(), "some simultaneous sign-ins found no free check slot");
    assertTrue(refused.size() < SIMULTANEOUS, "the first one is checked");
    for (int i : refused) {
      HttpResponse<String> retry = browsers.get(i).logIn(instructors.get(i), PASSWORD);
      assertEquals(303, retry.statusCode(), retry::body);
    }
  }
}
