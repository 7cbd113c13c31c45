package org.lessonwatch.web.rest;

import static org.lessonwatch.engagement.Heartbeat.MAX_MEDIA_SECONDS;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lessonwatch.content.ContentKind;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.engagement.Heartbeat;
import org.lessonwatch.engagement.PlayedRange;

/** The heartbeat body players send, validated field by field. */
record HeartbeatRequest(
    ContentRef content,
    double positionSec,
    double durationSec,
    boolean ended,
    List<PlayedRange> played) {

  static final int MAX_PLAYED_RANGES = 100;

  static HeartbeatRequest parse(JsonRequest body) {
    ContentKind kind = contentKind(body);
    long id = body.positiveId("content_id");
    double position = body.number("position_sec", 0, MAX_MEDIA_SECONDS);
    double duration = body.optionalNumber("duration_sec", 0, MAX_MEDIA_SECONDS, 0);
    boolean ended = body.optionalFlag("ended", false);
    List<PlayedRange> played = played(body);
    body.requireValid();
    return new HeartbeatRequest(new ContentRef(kind, id), position, duration, ended, played);
  }

  Heartbeat toHeartbeat(String learner) {
    return new Heartbeat(learner, content, positionSec, durationSec, ended, played);
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

  private static List<PlayedRange> played(JsonRequest body) {
    List<PlayedRange> played = new ArrayList<>();
    if (!body.isPresent("played")) {
      return played;
    }
    if (!(body.raw("played") instanceof JsonRequest.Items list)) {
      body.reject("played", "must be a list of [from_sec, to_sec] ranges");
      return played;
    }
    List<JsonRequest.Value> ranges = list.items();
    if (ranges.size() > MAX_PLAYED_RANGES) {
      body.reject("played", "must have at most " + MAX_PLAYED_RANGES + " ranges");
      return played;
    }
    for (int i = 0; i < ranges.size(); i++) {
      String field = "played[" + i + "]";
      if (!(ranges.get(i) instanceof JsonRequest.Items pair) || pair.items().size() != 2) {
        body.reject(field, "must be a [from_sec, to_sec] pair");
        continue;
      }
      double from = body.number(field + "[0]", pair.items().get(0), 0, MAX_MEDIA_SECONDS);
      double to = body.number(field + "[1]", pair.items().get(1), 0, MAX_MEDIA_SECONDS);
      if (from >= to) {
        body.reject(field, "from_sec must be less than to_sec");
      } else if (!Double.isNaN(from) && !Double.isNaN(to)) {
        played.add(new PlayedRange(from, to));
      }
    }
    return played;
  }
}
