package org.lessonwatch.web.lti;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lessonwatch.web.testing.ApiClient;
import org.lessonwatch.web.testing.ApiClient.Reply;
import org.lessonwatch.web.testing.Catalog;
import org.lessonwatch.web.testing.Deployments;
import org.lessonwatch.web.testing.TestDatabase;
import org.lessonwatch.web.testing.TestTokens;

/**
 * The admin API of LTI 1.3: platform registrations and the LMS courses linked to catalogue courses,
 * with every refusal, and nothing half-written by a refused course.
 */
@ExtendWith(ArquillianExtension.class)
class LtiAdminApiIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.engagementWar();
  }

  @ArquillianResource URL base;

  ApiClient api;
  Catalog catalog;
  String admin;

  @BeforeEach
  void setUp() {
    api = new ApiClient(base);
    catalog = new Catalog(api);
    admin = TestTokens.admin();
  }

  private static String platformBody(String issuer, String clientId, String... deployments) {
    StringBuilder ids = new StringBuilder();
    for (String id : deployments) {
      ids.append(ids.isEmpty() ? "" : ", ").append('"').append(id).append('"');
    }
    return """
        {"issuer": "%1$s", "client_id": "%2$s",
         "auth_login_url": "%1$s/mod/lti/auth.php",
         "auth_token_url": "%1$s/mod/lti/token.php",
         "jwks_url": "%1$s/mod/lti/certs.php",
         "deployment_ids": [%3$s]}
        """
        .formatted(issuer, clientId, ids);
  }

  private String freshPlatform() {
    String id = "lms-" + UUID.randomUUID();
    Reply reply =
        api.put(
            platformPath(id),
            admin,
            platformBody("https://" + id + ".example.edu", "client-1", "deployment-1"));
    assertEquals(201, reply.status(), reply::toString);
    return id;
  }

  private static String platformPath(String id) {
    return "api/v1/admin/lti/platforms/" + id;
  }

  private static String coursePath(long id) {
    return "api/v1/content/courses/" + id;
  }

  private static List<String> strings(JsonObject json, String field) {
    return json.getJsonArray(field).getValuesAs(JsonString.class).stream()
        .map(JsonString::getString)
        .toList();
  }

  /** The fields a 400 names, in order. */
  private static List<String> fieldsOf(Reply reply) {
    return reply.json().getJsonArray("errors").getValuesAs(JsonObject.class).stream()
        .map(error -> error.getString("field"))
        .toList();
  }

  @Test
  void registersReadsAndReplacesAPlatform() {
    String id = "moodle-" + UUID.randomUUID();
    String issuer = "https://" + id + ".example.edu";

    Reply created = api.put(platformPath(id), admin, platformBody(issuer, "c1", "d2", "d1", "d1"));
    Reply read = api.get(platformPath(id), admin);
    Reply replaced = api.put(platformPath(id), admin, platformBody(issuer, "c2", "d3"));
    Reply reread = api.get(platformPath(id), admin);

    assertEquals(201, created.status(), created::toString);
    assertEquals(200, read.status(), read::toString);
    JsonObject platform = read.json();
    assertAll(
        () -> assertEquals(id, platform.getString("platform_id")),
        () -> assertEquals(issuer, platform.getString("issuer")),
        () -> assertEquals("c1", platform.getString("client_id")),
        () -> assertEquals(issuer + "/mod/lti/auth.php", platform.getString("auth_login_url")),
        () -> assertEquals(issuer + "/mod/lti/token.php", platform.getString("auth_token_url")),
        () -> assertEquals(issuer + "/mod/lti/certs.php", platform.getString("jwks_url")),
        () -> assertEquals(List.of("d1", "d2"), strings(platform, "deployment_ids")));
    assertEquals(200, replaced.status(), replaced::toString);
    assertEquals("c2", reread.json().getString("client_id"));
    assertEquals(List.of("d3"), strings(reread.json(), "deployment_ids"));
  }

  @Test
  void refusesAnInvalidRegistrationNamingEveryField() {
    Reply reply =
        api.put(
            platformPath("has%20space"),
            admin,
            """
            {"issuer": "http://lms.example.edu", "client_id": "",
             "auth_login_url": "https://user:pw@lms.example.edu/auth",
             "auth_token_url": "lms.example.edu/token", "jwks_url": "ftp://lms.example.edu/k",
             "deployment_ids": []}
            """);

    assertEquals(400, reply.status(), reply::toString);
    List<String> fields = fieldsOf(reply);
    assertEquals(
        List.of(
            "platform_id",
            "issuer",
            "client_id",
            "auth_login_url",
            "auth_token_url",
            "jwks_url",
            "deployment_ids"),
        fields,
        reply::toString);
  }

  @Test
  void acceptsPlainHttpOnlyOnLoopback() {
    String id = "dev-" + UUID.randomUUID();

    Reply reply =
        api.put(platformPath(id), admin, platformBody("http://localhost:9001/" + id, "c", "d"));

    assertEquals(201, reply.status(), reply::toString);
  }

  @Test
  void refusesASecondPlatformForTheSameIssuerAndClient() {
    String first = freshPlatform();
    String issuer = "https://" + first + ".example.edu";

    Reply second =
        api.put(
            platformPath("copy-" + UUID.randomUUID()),
            admin,
            platformBody(issuer, "client-1", "deployment-1"));
    Reply otherClient =
        api.put(
            platformPath("other-" + UUID.randomUUID()),
            admin,
            platformBody(issuer, "client-2", "deployment-1"));

    assertEquals(409, second.status(), second::toString);
    assertEquals("platform-conflict", second.problemKind());
    assertTrue(second.json().getString("detail").contains(first), second::toString);
    assertEquals(201, otherClient.status(), otherClient::toString);
  }

  @Test
  void isForAdminsOnly() {
    String id = freshPlatform();

    assertEquals(401, api.get(platformPath(id), null).status());
    assertEquals(403, api.get(platformPath(id), TestTokens.learner("someone")).status());
    assertEquals(
        403,
        api.put(
                platformPath(id),
                TestTokens.token("teacher", List.of("instructor")),
                platformBody("https://x.example", "c", "d"))
            .status());
    assertEquals(404, api.get(platformPath("no-such-" + UUID.randomUUID()), admin).status());
  }

  @Test
  void linksLmsCoursesToACourseAndKeepsThemUnlessSent() {
    String platform = freshPlatform();
    long course = catalog.course("teacher-a");
    String links =
        """
        [{"platform_id": "%1$s", "context_id": "ctx-2"},
         {"platform_id": "%1$s", "context_id": "ctx-1"},
         {"platform_id": "%1$s", "context_id": "ctx-1"}]
        """
            .formatted(platform);

    Reply linked =
        api.put(
            coursePath(course),
            admin,
            "{\"title\": \"Linked\", \"instructors\": [], \"lti_contexts\": " + links + "}");
    Reply retitled =
        api.put(coursePath(course), admin, "{\"title\": \"Retitled\", \"instructors\": []}");
    Reply read = api.get(coursePath(course), admin);
    Reply unlinked =
        api.put(
            coursePath(course),
            admin,
            "{\"title\": \"Retitled\", \"instructors\": [], \"lti_contexts\": []}");

    assertEquals(200, linked.status(), linked::toString);
    assertEquals(2, linked.json().getJsonArray("lti_contexts").size(), linked::toString);
    assertEquals(200, retitled.status(), retitled::toString);
    List<JsonObject> contexts =
        read.json().getJsonArray("lti_contexts").getValuesAs(JsonObject.class);
    assertEquals(
        List.of("ctx-1", "ctx-2"),
        contexts.stream().map(c -> c.getString("context_id")).toList(),
        read::toString);
    assertEquals(platform, contexts.get(0).getString("platform_id"));
    assertEquals("Retitled", read.json().getString("title"));
    assertEquals(0, unlinked.json().getJsonArray("lti_contexts").size(), unlinked::toString);
  }

  @Test
  void aRefusedLinkLeavesTheCourseAsItWas() {
    String platform = freshPlatform();
    long owner = catalog.course();
    long other = catalog.course();
    String ownerLink =
        "[{\"platform_id\": \"" + platform + "\", \"context_id\": \"shared-context\"}]";
    assertEquals(
        200,
        api.put(
                coursePath(owner),
                admin,
                "{\"title\": \"Owner\", \"instructors\": [], \"lti_contexts\": " + ownerLink + "}")
            .status());

    Reply taken =
        api.put(
            coursePath(other),
            admin,
            "{\"title\": \"Thief\", \"instructors\": [\"x\"], \"lti_contexts\": "
                + ownerLink
                + "}");
    Reply unknownPlatform =
        api.put(
            coursePath(other),
            admin,
            "{\"title\": \"Thief\", \"lti_contexts\": [{\"platform_id\": \"nope-"
                + UUID.randomUUID()
                + "\", \"context_id\": \"c\"}]}");
    Reply newCourse =
        api.put(
            coursePath(Catalog.freshId()),
            admin,
            "{\"title\": \"New\", \"lti_contexts\": " + ownerLink + "}");

    assertEquals(409, taken.status(), taken::toString);
    assertEquals("lti-context-conflict", taken.problemKind());
    assertTrue(taken.json().getString("detail").contains(String.valueOf(owner)), taken::toString);
    assertEquals(400, unknownPlatform.status(), unknownPlatform::toString);
    assertEquals(
        "lti_contexts[0].platform_id",
        unknownPlatform.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(409, newCourse.status(), newCourse::toString);
    JsonObject otherNow = api.get(coursePath(other), admin).json();
    assertEquals("Course " + other, otherNow.getString("title"), "not renamed by a refused PUT");
    assertEquals(0, otherNow.getJsonArray("instructors").size());
    assertEquals(0, otherNow.getJsonArray("lti_contexts").size());
    assertEquals(1, api.get(coursePath(owner), admin).json().getJsonArray("lti_contexts").size());
  }

  @Test
  void refusesMalformedLinks() {
    long course = catalog.course();

    Reply reply =
        api.put(
            coursePath(course),
            admin,
            """
            {"title": "T", "lti_contexts": [{"platform_id": "p"}, "text",
              {"platform_id": "p", "context_id": "", "extra": 1}]}
            """);

    assertEquals(400, reply.status(), reply::toString);
    List<String> fields = fieldsOf(reply);
    assertEquals(
        List.of(
            "lti_contexts[0].context_id",
            "lti_contexts[1]",
            "lti_contexts[2].context_id",
            "lti_contexts[2].extra"),
        fields,
        reply::toString);
  }

  @Test
  void ofCoursesClaimingOneLmsCourseAtOnceExactlyOneGetsIt() throws Exception {
    String platform = freshPlatform();
    String link = "[{\"platform_id\": \"" + platform + "\", \"context_id\": \"contested\"}]";
    List<Long> courses = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      courses.add(catalog.course());
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Reply>> replies = new ArrayList<>();
      for (long course : courses) {
        replies.add(
            pool.submit(
                () ->
                    api.put(
                        coursePath(course),
                        admin,
                        "{\"title\": \"C\", \"lti_contexts\": " + link + "}")));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Reply> reply : replies) {
        statuses.add(reply.get().status());
      }
      assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses::toString);
      assertEquals(7, statuses.stream().filter(s -> s == 409).count(), statuses::toString);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void publishesThePublicHalfOfTheStoredSigningKey() throws Exception {
    Reply reply = api.get("lti/jwks", null);

    assertEquals(200, reply.status(), reply::toString);
    assertTrue(reply.contentType().startsWith("application/json"), reply.contentType());
    JWKSet published = JWKSet.parse(reply.body());
    String signingKid =
        (String)
            TestDatabase.value(
                "SELECT key_id FROM lti_tool_keys WHERE retired_at IS NULL"
                    + " ORDER BY created_at DESC, key_id LIMIT 1");
    RSAKey stored =
        RSAKey.parse(
            (String)
                TestDatabase.value(
                    "SELECT private_jwk FROM lti_tool_keys WHERE key_id = ?", signingKid));
    JWK key = published.getKeyByKeyId(signingKid);
    assertTrue(key instanceof RSAKey, reply::toString);
    assertAll(
        () -> assertFalse(key.isPrivate(), "no private part is published"),
        () -> assertFalse(reply.body().contains("\"d\""), reply::body),
        () -> assertEquals(stored.getModulus(), ((RSAKey) key).getModulus()),
        () -> assertEquals(KeyUse.SIGNATURE, key.getKeyUse()),
        () -> assertEquals(JWSAlgorithm.RS256, key.getAlgorithm()),
        () -> assertTrue(stored.size() >= 2048));
    assertEquals(reply.body(), api.get("lti/jwks", null).body(), "the same key on every call");
  }
}
