package org.lessonwatch.web.testing;

import java.util.List;
import java.util.UUID;
import org.lessonwatch.web.testing.Catalog.LessonRef;
import org.lessonwatch.web.testing.TestDatabase.StoredSession;

/**
 * A learner playing one lesson: sends heartbeats as a player does and reads back what was stored.
 * {@code viewer.at(131.7)} is a heartbeat at that position; {@code ended} closes the sitting.
 */
public final class Viewer {

  private final ApiClient api;
  private final LessonRef lesson;
  private final String learner;
  private final String token;

  public Viewer(ApiClient api, LessonRef lesson) {
    this(api, lesson, "learner-" + UUID.randomUUID());
  }

  public Viewer(ApiClient api, LessonRef lesson, String learner) {
    this.api = api;
    this.lesson = lesson;
    this.learner = learner;
    this.token = TestTokens.learner(learner);
  }

  public String learner() {
    return learner;
  }

  /** The learner's bearer token. */
  public String token() {
    return token;
  }

  public ApiClient.Reply at(double positionSec) {
    return send(positionSec, null, false);
  }

  public ApiClient.Reply ended(double positionSec) {
    return send(positionSec, null, true);
  }

  public ApiClient.Reply at(double positionSec, double durationSec) {
    return send(positionSec, durationSec, false);
  }

  public ApiClient.Reply send(double positionSec, Double durationSec, boolean ended) {
    return send(body(positionSec, durationSec, ended));
  }

  public ApiClient.Reply send(String json) {
    return api.post(HEARTBEAT_PATH, token, json);
  }

  public String body(double positionSec, Double durationSec, boolean ended) {
    return "{\"content_kind\": \""
        + lesson.kind()
        + "\", \"content_id\": "
        + lesson.id()
        + ", \"position_sec\": "
        + positionSec
        + (durationSec == null ? "" : ", \"duration_sec\": " + durationSec)
        + ", \"ended\": "
        + ended
        + "}";
  }

  public List<StoredSession> sessions() {
    return TestDatabase.sessions(learner, lesson.kind(), lesson.id());
  }

  public static final String HEARTBEAT_PATH = "api/v1/videos/engagement/heartbeat";
}
