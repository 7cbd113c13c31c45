package org.lessonwatch.content.internal;

import java.io.Serializable;
import org.lessonwatch.content.ContentRef;

/** The composite key of {@link Lesson}: its kind's wire name and its id. */
public record LessonKey(String kind, long id) implements Serializable {

  static LessonKey of(ContentRef ref) {
    return new LessonKey(ref.kind().wireName(), ref.id());
  }
}
