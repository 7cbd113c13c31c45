package org.lessonwatch.web.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lessonwatch.web.rest.HeartbeatApiIT.assertProblem;

import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lessonwatch.web.testing.ApiClient;
import org.lessonwatch.web.testing.ApiClient.Reply;
import org.lessonwatch.web.testing.Catalog;
import org.lessonwatch.web.testing.Deployments;
import org.lessonwatch.web.testing.JwksServer;
import org.lessonwatch.web.testing.ServerOutput;
import org.lessonwatch.web.testing.TestTokens;
import org.lessonwatch.web.testing.Viewer;

/**
 * Tokens verified with the keys of a JWKS URL (served by this test JVM) go on passing while the URL
 * answers 500 or is not there at all: the keys fetched last stay in use, and the server logs the
 * outage once. A token whose key id those keys lack is still refused; once the URL answers again, a
 * key the LMS added in the meantime is found. Its own class, as the deployment takes its key from
 * the URL instead of the run's key.
 */
@ExtendWith(ArquillianExtension.class)
class JwksOutageIT {

  static final ServerOutput LOG = ServerOutput.capture();
  static final JwksServer JWKS = JwksServer.serving(TestTokens.publicKey("lms-1"));

  /** How long the server uses the keys it fetched before it fetches them again. */
  static final Duration REFRESH = Duration.ofSeconds(2);

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.engagementWar(
        Map.of(
            // the key itself, set by default for every test class, would win over the location
            "mp.jwt.verify.publickey", "",
            "mp.jwt.verify.publickey.location", JWKS.url(),
            "engagement.token.jwks.refresh-interval", REFRESH.toString()));
  }

  @ArquillianResource URL base;

  @AfterAll
  static void stopJwks() {
    JWKS.stop();
  }

  @Test
  void acceptsTokensWithTheLastKeysWhileTheJwksUrlIsDownAndRefusesKeysTheyLack() throws Exception {
    ApiClient api = new ApiClient(base);
    awaitKeysFetched(api);
    Viewer viewer = new Viewer(api, new Catalog(api).lmsLesson(600));
    assertEquals(
        200,
        heartbeat(api, viewer, TestTokens.learnerWithKeyId(viewer.learner(), "lms-1")).status());

    JWKS.fail();
    Thread.sleep(REFRESH.toMillis() + 500);
    // each token is new, so that its signature is checked now, with the keys the server has now
    Reply during500 =
        heartbeat(api, viewer, TestTokens.learnerWithKeyId(viewer.learner(), "lms-1"));
    assertEquals(200, during500.status(), during500::toString);
    assertTrue(JWKS.failedRequests() > 0, "the keys were due, and fetching them failed");
    Reply unknownKey =
        heartbeat(api, viewer, TestTokens.otherKeyWithKeyId(viewer.learner(), "lms-2"));
    assertEquals(401, unknownKey.status(), unknownKey::toString);
    assertProblem(unknownKey, 401);

    JWKS.stop();
    Thread.sleep(REFRESH.toMillis() + 500);
    Reply whileGone =
        heartbeat(api, viewer, TestTokens.learnerWithKeyId(viewer.learner(), "lms-1"));
    assertEquals(200, whileGone.status(), whileGone::toString);
    assertEquals(1, LOG.linesWith("WARNING", JWKS.url(), "cannot be fetched"), "logged once");

    JWKS.serve(TestTokens.publicKey("lms-1"), TestTokens.otherPublicKey("lms-2"));
    JWKS.start();
    Reply rotated = null;
    for (int attempt = 0; attempt < 20 && (rotated == null || rotated.status() != 200); attempt++) {
      Thread.sleep(250); // new key ids fetch the keys again at most twice every 200 ms here
      rotated = heartbeat(api, viewer, TestTokens.otherKeyWithKeyId(viewer.learner(), "lms-2"));
    }
    assertEquals(200, rotated.status(), rotated::toString);
    assertTrue(LOG.hasLineWith(JWKS.url(), "could be fetched again"), "the end of the outage");
  }

  /**
   * On a loaded machine the server's first fetch of the keys can outlast Nimbus's 500 ms read
   * timeout; the outages this test is about begin once the keys have been fetched.
   */
  private static void awaitKeysFetched(ApiClient api) throws InterruptedException {
    Reply reply = api.get("api/v1/content/courses/" + Catalog.freshId(), TestTokens.admin());
    for (int attempt = 0; attempt < 20 && reply.status() == 401; attempt++) {
      Thread.sleep(250);
      reply = api.get("api/v1/content/courses/" + Catalog.freshId(), TestTokens.admin());
    }
    assertEquals(404, reply.status(), reply::toString);
  }

  private static Reply heartbeat(ApiClient api, Viewer viewer, String token) {
    return api.post(Viewer.HEARTBEAT_PATH, token, viewer.body(10, null, false));
  }
}
