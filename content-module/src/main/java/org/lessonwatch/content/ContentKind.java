package org.lessonwatch.content;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of lesson that carry a video, named as players and the LMS name them. */
public enum ContentKind {
  LMS_LESSON("lms_lesson"),
  EXAM_PREP_LESSON("exam_prep_lesson");

  private final String wireName;

  ContentKind(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in JSON, URLs and the database. */
  public String wireName() {
    return wireName;
  }

  public static Optional<ContentKind> fromWireName(String name) {
    return Arrays.stream(values()).filter(kind -> kind.wireName.equals(name)).findFirst();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
