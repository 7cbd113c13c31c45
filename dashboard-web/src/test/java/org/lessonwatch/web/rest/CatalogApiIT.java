package org.lessonwatch.web.rest;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lessonwatch.web.rest.HeartbeatApiIT.assertProblem;

import jakarta.json.JsonObject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
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

/** The admin API: catalogue courses and lessons, dashboard accounts, and who may use it. */
@ExtendWith(ArquillianExtension.class)
class CatalogApiIT {

  static final String BOOTSTRAP_ADMIN = "bootstrap-root";

  @Deployment(testable = false)
  static WebArchive deployment() {
    TestDatabase.removeAdminAccounts();
    return Deployments.engagementWar(
        Map.of(
            "engagement.bootstrap-admin.username",
            BOOTSTRAP_ADMIN,
            "engagement.bootstrap-admin.password",
            "bootstrap-secret"));
  }

  @ArquillianResource URL base;

  ApiClient api;
  String admin;

  @BeforeEach
  void setUp() {
    api = new ApiClient(base);
    admin = TestTokens.admin();
  }

  @Test
  void createsThenReplacesCourse() {
    String path = "api/v1/content/courses/" + Catalog.freshId();

    Reply created = api.put(path, admin, "{\"title\": \"Algebra\", \"instructors\": [\"ada\"]}");
    Reply replaced =
        api.put(
            path,
            admin,
            "{\"title\": \"Algebra II\", \"instructors\": [\"bob\", \"ada\", \"bob\"]}");
    Reply read = api.get(path, admin);

    assertEquals(201, created.status(), created::toString);
    assertEquals(200, replaced.status(), replaced::toString);
    assertEquals(200, read.status(), read::toString);
    JsonObject course = read.json();
    assertEquals("Algebra II", course.getString("title"));
    assertEquals(
        List.of("ada", "bob"),
        course.getJsonArray("instructors").getValuesAs(jakarta.json.JsonString::getString));
  }

  @Test
  void createsThenReplacesLessonKeepingTitleVerbatim() {
    long course = new Catalog(api).course();
    String path = "api/v1/content/lessons/exam_prep_lesson/" + Catalog.freshId();
    String title = "<script>alert('x')</script> & \\\"quotes\\\"";

    Reply created =
        api.put(
            path,
            admin,
            "{\"title\": \""
                + title
                + "\", \"course_id\": "
                + course
                + ", \"video_url\": \"https://v.test/1.mp4\", \"duration_sec\": 599.2}");
    Reply replaced =
        api.put(
            path,
            admin,
            "{\"title\": \"Reading only\", \"course_id\": " + course + ", \"video_url\": null}");
    Reply read = api.get(path, admin);

    assertEquals(201, created.status(), created::toString);
    assertEquals("<script>alert('x')</script> & \"quotes\"", created.json().getString("title"));
    assertEquals(600, created.json().getInt("duration_sec"), "rounded up to whole seconds");
    assertEquals(200, replaced.status(), replaced::toString);
    JsonObject lesson = read.json();
    assertAll(
        () -> assertEquals("Reading only", lesson.getString("title")),
        () -> assertTrue(lesson.isNull("video_url")),
        () -> assertTrue(lesson.isNull("duration_sec")),
        () -> assertEquals("exam_prep_lesson", lesson.getString("content_kind")));
  }

  @Test
  void rejectsLessonOfUnknownCourse() {
    Reply reply =
        api.put(
            "api/v1/content/lessons/lms_lesson/" + Catalog.freshId(),
            admin,
            "{\"title\": \"Orphan\", \"course_id\": " + Catalog.freshId() + "}");

    assertEquals(422, reply.status(), reply::toString);
    assertProblem(reply, 422);
  }

  @Test
  void rejectsInvalidCatalogueBodies() {
    long course = new Catalog(api).course();
    String lessonPath = "api/v1/content/lessons/lms_lesson/" + Catalog.freshId();

    Reply noTitle =
        api.put("api/v1/content/courses/" + Catalog.freshId(), admin, "{\"instructors\": [1]}");
    Reply badUrl =
        api.put(
            lessonPath,
            admin,
            "{\"title\": \"x\", \"course_id\": "
                + course
                + ", \"video_url\": \"javascript:alert(1)\", \"duration_sec\": -3}");
    Reply badKind = api.put("api/v1/content/lessons/webinar/1", admin, "{}");
    Reply badId = api.get("api/v1/content/courses/abc", admin);
    Reply hugeNumbers =
        api.put(
            lessonPath,
            admin,
            "{\"title\": \"x\", \"course_id\": 1e100000000, \"duration_sec\": 1e9999999999}");

    assertEquals(400, noTitle.status(), noTitle::toString);
    assertEquals(2, noTitle.json().getJsonArray("errors").size(), noTitle::toString);
    assertEquals(400, badUrl.status(), badUrl::toString);
    assertEquals(2, badUrl.json().getJsonArray("errors").size(), badUrl::toString);
    assertEquals(400, badKind.status(), badKind::toString);
    assertEquals(400, badId.status(), badId::toString);
    assertFields(hugeNumbers, "course_id", "duration_sec");
    assertEquals(404, api.get(lessonPath, admin).status(), "nothing was written");
  }

  @Test
  void rejectsTextTheDatabaseCannotStoreNamingTheField() {
    long course = new Catalog(api).course();
    String coursePath = "api/v1/content/courses/" + Catalog.freshId();
    String lessonPath = "api/v1/content/lessons/lms_lesson/" + Catalog.freshId();
    String accountPath = "api/v1/admin/accounts/someone-" + UUID.randomUUID();

    Reply nulTitle = api.put(coursePath, admin, "{\"title\": \"Alge\\u0000bra\"}");
    Reply loneInstructor =
        api.put(coursePath, admin, "{\"title\": \"Algebra\", \"instructors\": [\"\\ud800\"]}");
    Reply lesson =
        api.put(
            lessonPath,
            admin,
            "{\"title\": \"x\\udc00\", \"course_id\": "
                + course
                + ", \"video_url\": \"https://v.test/\\ud800.mp4\"}");
    Reply password =
        api.put(
            accountPath,
            admin,
            "{\"password\": \"long enough\\u0000\", \"roles\": [\"admin\\ud800\"]}");

    assertFields(nulTitle, "title");
    assertFields(loneInstructor, "instructors[0]");
    assertFields(lesson, "title", "video_url");
    assertFields(password, "password", "roles[0]", "roles");
    assertEquals(404, api.get(coursePath, admin).status(), "nothing was written");
    assertEquals(404, api.get(lessonPath, admin).status(), "nothing was written");
    assertEquals(404, api.get(accountPath, admin).status(), "nothing was written");
  }

  @Test
  void rejectsPathIdsWrittenOtherThanInAsciiDigits() {
    long course = new Catalog(api).course();
    String lesson = "api/v1/content/lessons/lms_lesson/";

    for (String id :
        List.of(
            "+" + course,
            "%2B" + course,
            Catalog.arabicIndic(course),
            "%20" + course,
            "99999999999999999999")) {
      assertFields(api.get("api/v1/content/courses/" + id, admin), "course_id");
      assertFields(
          api.put(lesson + id, admin, "{\"title\": \"x\", \"course_id\": 1}"), "content_id");
    }
    assertEquals(200, api.get("api/v1/content/courses/" + course, admin).status());
  }

  @Test
  void leavesPathsWithU0000ToTheContainersBareBadRequest() {
    // Grizzly refuses such a URI before the application, so no path parameter holds U+0000; broken
    // UTF-8 in a path arrives as U+FFFD.
    for (String path : List.of("api/v1/admin/accounts/ada%00", "api/v1/content/courses/1%00")) {
      Reply reply = api.get(path, admin);
      assertEquals(400, reply.status(), path);
      assertEquals("", reply.body(), path);
    }
  }

  /** A 400 problem naming exactly these fields. */
  static void assertFields(Reply reply, String... fields) {
    assertEquals(400, reply.status(), reply::toString);
    assertProblem(reply, 400);
    assertEquals(
        Set.of(fields),
        reply.json().getJsonArray("errors").stream()
            .map(e -> e.asJsonObject().getString("field"))
            .collect(Collectors.toSet()),
        reply::toString);
  }

  @Test
  void answersNotFoundForUnknownIds() {
    for (String path :
        List.of(
            "api/v1/content/courses/" + Catalog.freshId(),
            "api/v1/content/lessons/lms_lesson/" + Catalog.freshId(),
            "api/v1/admin/accounts/nobody-" + UUID.randomUUID())) {
      Reply reply = api.get(path, admin);
      assertEquals(404, reply.status(), path);
      assertProblem(reply, 404);
    }
  }

  @Test
  void refusesAdminApiToOtherGroups() {
    String learner = TestTokens.learner("learner-" + UUID.randomUUID());
    String instructor = TestTokens.token("ada", List.of("instructor"));
    String course = "api/v1/content/courses/" + Catalog.freshId();

    for (String token : List.of(learner, instructor)) {
      Reply put = api.put(course, token, "{\"title\": \"Mine now\"}");
      Reply get = api.get("api/v1/content/lessons/lms_lesson/1", token);
      Reply account =
          api.put(
              "api/v1/admin/accounts/x",
              token,
              "{\"password\": \"long enough\", \"roles\": [\"admin\"]}");
      assertEquals(403, put.status(), put::toString);
      assertProblem(put, 403);
      assertEquals(403, get.status(), get::toString);
      assertEquals(403, account.status(), account::toString);
    }
    assertEquals(401, api.put(course, null, "{\"title\": \"x\"}").status());
    assertEquals(404, api.get(course, admin).status(), "nothing was written");
  }

  @Test
  void storesAccountPasswordsOnlyAsSaltedSlowHashes() {
    String first = "instructor-" + UUID.randomUUID();
    String second = "instructor-" + UUID.randomUUID();
    String body = "{\"password\": \"correct horse battery\", \"roles\": [\"instructor\"]}";

    Reply created = api.put("api/v1/admin/accounts/" + first, admin, body);
    api.put("api/v1/admin/accounts/" + second, admin, body);
    Reply replaced =
        api.put(
            "api/v1/admin/accounts/" + first,
            admin,
            "{\"password\": \"another long one\", \"roles\": [\"instructor\", \"admin\"]}");
    Reply read = api.get("api/v1/admin/accounts/" + first, admin);

    assertEquals(201, created.status(), created::toString);
    assertEquals(200, replaced.status(), replaced::toString);
    assertFalse(read.body().contains("password"), read::toString);
    assertEquals(
        List.of("admin", "instructor"),
        read.json().getJsonArray("roles").getValuesAs(jakarta.json.JsonString::getString));
    String firstHash = hashOf(first);
    String secondHash = hashOf(second);
    assertTrue(firstHash.startsWith("PBKDF2WithHmacSHA512:210000:"), firstHash);
    assertFalse(firstHash.contains("another long one"));
    assertNotEquals(
        secondHash.substring(0, secondHash.lastIndexOf(':')),
        hashOf(first).substring(0, firstHash.lastIndexOf(':')),
        "each hash has its own salt");
  }

  @Test
  void rejectsInvalidAccounts() {
    String path = "api/v1/admin/accounts/someone-" + UUID.randomUUID();

    Reply shortPassword =
        api.put(path, admin, "{\"password\": \"short\", \"roles\": [\"instructor\"]}");
    Reply unknownRole =
        api.put(path, admin, "{\"password\": \"long enough\", \"roles\": [\"root\"]}");
    Reply noRoles = api.put(path, admin, "{\"password\": \"long enough\"}");

    assertEquals(400, shortPassword.status(), shortPassword::toString);
    assertEquals(400, unknownRole.status(), unknownRole::toString);
    assertEquals(400, noRoles.status(), noRoles::toString);
    assertEquals(404, api.get(path, admin).status(), "nothing was written");
  }

  @Test
  void createsBootstrapAdminAtStartup() {
    Reply read = api.get("api/v1/admin/accounts/" + BOOTSTRAP_ADMIN, admin);

    assertEquals(200, read.status(), read::toString);
    assertEquals(
        List.of("admin"),
        read.json().getJsonArray("roles").getValuesAs(jakarta.json.JsonString::getString));
    assertTrue(hashOf(BOOTSTRAP_ADMIN).startsWith("PBKDF2WithHmacSHA512:"));
  }

  private static String hashOf(String username) {
    return (String)
        TestDatabase.value(
            "SELECT password_hash FROM dashboard_accounts WHERE username = ?", username);
  }
}
