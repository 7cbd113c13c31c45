package org.lessonwatch.web.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** Creates catalogue entries through the admin API, each test its own, with fresh ids. */
public final class Catalog {

  private final ApiClient api;
  private final String adminToken = TestTokens.admin();

  public Catalog(ApiClient api) {
    this.api = api;
  }

  /** A lesson of a course, as tests refer to it. */
  public record LessonRef(String kind, long id, long courseId) {
    public String path() {
      return "api/v1/content/lessons/" + kind + "/" + id;
    }
  }

  public static long freshId() {
    return ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
  }

  /** An id in Arabic-Indic digits, URL-encoded: {@code Long.parseLong} reads them as the id. */
  public static String arabicIndic(long id) {
    StringBuilder digits = new StringBuilder();
    String.valueOf(id).chars().forEach(c -> digits.append((char) (0x0660 + c - '0')));
    return URLEncoder.encode(digits.toString(), StandardCharsets.UTF_8);
  }

  public long course(String... instructors) {
    long id = freshId();
    StringBuilder list = new StringBuilder();
    for (String instructor : instructors) {
      list.append(list.isEmpty() ? "" : ",").append('"').append(instructor).append('"');
    }
    var reply =
        api.put(
            "api/v1/content/courses/" + id,
            adminToken,
            "{\"title\": \"Course " + id + "\", \"instructors\": [" + list + "]}");
    assertTrue(reply.status() == 201, () -> "creating course: " + reply);
    return id;
  }

  /** A lesson with a video; {@code durationSec} may be {@code null} (unknown). */
  public LessonRef lesson(String kind, Integer durationSec) {
    return lesson(kind, "\"https://cdn.test/v/" + freshId() + ".mp4\"", durationSec);
  }

  public LessonRef lmsLesson(Integer durationSec) {
    return lesson("lms_lesson", durationSec);
  }

  /** A lesson with a video in the given course. */
  public LessonRef lessonOf(long courseId, Integer durationSec) {
    return create(
        new LessonRef("lms_lesson", freshId(), courseId),
        "\"https://cdn.test/v/" + freshId() + ".mp4\"",
        durationSec);
  }

  /** A lesson whose {@code video_url} is the given JSON value (such as {@code null}). */
  public LessonRef lesson(String kind, String videoUrlJson, Integer durationSec) {
    return create(new LessonRef(kind, freshId(), course()), videoUrlJson, durationSec);
  }

  private LessonRef create(LessonRef lesson, String videoUrlJson, Integer durationSec) {
    var reply = api.put(lesson.path(), adminToken, lessonJson(lesson, videoUrlJson, durationSec));
    assertTrue(reply.status() == 201, () -> "creating lesson: " + reply);
    return lesson;
  }

  /** Replaces a lesson's video URL and duration. */
  public void change(LessonRef lesson, String videoUrlJson, Integer durationSec) {
    var reply = api.put(lesson.path(), adminToken, lessonJson(lesson, videoUrlJson, durationSec));
    assertTrue(reply.status() == 200, () -> "replacing lesson: " + reply);
  }

  /** Moves a lesson to another course, with a new video URL and the given duration. */
  public LessonRef move(LessonRef lesson, long courseId, Integer durationSec) {
    LessonRef moved = new LessonRef(lesson.kind(), lesson.id(), courseId);
    change(moved, "\"https://cdn.test/v/" + freshId() + ".mp4\"", durationSec);
    return moved;
  }

  private static String lessonJson(LessonRef lesson, String videoUrlJson, Integer durationSec) {
    return "{\"title\": \"Lesson "
        + lesson.id()
        + "\", \"course_id\": "
        + lesson.courseId()
        + ", \"video_url\": "
        + videoUrlJson
        + ", \"duration_sec\": "
        + durationSec
        + "}";
  }
}
