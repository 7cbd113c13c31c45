package org.lessonwatch.web.rest;

import static org.lessonwatch.engagement.Heartbeat.MAX_MEDIA_SECONDS;

import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import java.util.Optional;
import org.lessonwatch.content.ContentKind;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.engagement.Heartbeat;

/**
 * The heartbeat body players send, validated field by field. {@code played} ranges are checked for
 * shape and bounds so that players can start sending them; sessions do not use them yet.
 */
record HeartbeatRequest(ContentRef content, double positionSec, double durationSec, boolean ended) {

  static final int MAX_PLAYED_RANGES = 100;

  static HeartbeatRequest parse(JsonRequest body) {
    ContentKind kind = contentKind(body);
    long id = body.positiveId("content_id");
    double position = body.number("position_sec", 0, MAX_MEDIA_SECONDS);
    double duration = body.optionalNumber("duration_sec", 0, MAX_MEDIA_SECONDS, 0);
    boolean ended = body.optionalFlag("ended", false);
    checkPlayed(body);
    body.requireValid();
    return new HeartbeatRequest(new ContentRef(kind, id), position, duration, ended);
  }

  Heartbeat toHeartbeat(String learner) {
    return new Heartbeat(learner, content, positionSec, durationSec, ended);
  }

  private static ContentKind contentKind(JsonRequest body) {
    String name = body.text("content_kind", 64);
    if (name == null) {
      return null;
    }
    Optional<ContentKind> kind = ContentKind.fromWireName(name);
    if (kind.isEmpty()) {
      body.reject("content_kind", "must be lms_lesson or exam_prep_lesson");
    }
    return kind.orElse(null);
  }

  private static void checkPlayed(JsonRequest body) {
    if (!body.isPresent("played")) {
      return;
    }
    if (!(body.raw("played") instanceof JsonArray ranges)) {
      body.reject("played", "must be a list of [from_sec, to_sec] ranges");
      return;
    }
    if (ranges.size() > MAX_PLAYED_RANGES) {
      body.reject("played", "must have at most " + MAX_PLAYED_RANGES + " ranges");
      return;
    }
    for (int i = 0; i < ranges.size(); i++) {
      String field = "played[" + i + "]";
      JsonValue range = ranges.get(i);
      if (!(range instanceof JsonArray pair) || pair.size() != 2) {
        body.reject(field, "must be a [from_sec, to_sec] pair");
        continue;
      }
      double from = body.number(field + "[0]", pair.get(0), 0, MAX_MEDIA_SECONDS);
      double to = body.number(field + "[1]", pair.get(1), 0, MAX_MEDIA_SECONDS);
      if (from >= to) {
        body.reject(field, "from_sec must be less than to_sec");
      }
    }
  }
}
