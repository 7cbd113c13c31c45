package org.lessonwatch.engagement.internal;

import org.lessonwatch.content.ContentRef;

/**
 * One learner's viewing of one lesson: the scope in which session numbers run 1, 2, 3 …. Its parts
 * are the columns that key {@code watch_session_sequences} and {@code watch_sessions}.
 */
public record StreamKey(String learnerSub, String contentKind, long contentId) {

  static StreamKey of(String learner, ContentRef content) {
    return new StreamKey(learner, content.kind().wireName(), content.id());
  }
}
