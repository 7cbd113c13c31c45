package org.lessonwatch.engagement.internal;

import java.io.Serializable;
import org.lessonwatch.content.ContentRef;

/**
 * One learner's viewing of one lesson: the scope in which session numbers run 1, 2, 3 …. Kept as
 * plain columns because JPA allows no converter on an id attribute.
 */
public record StreamKey(String learnerSub, String contentKind, long contentId)
    implements Serializable {

  static StreamKey of(String learner, ContentRef content) {
    return new StreamKey(learner, content.kind().wireName(), content.id());
  }
}
