package org.lessonwatch.content;

import java.util.Objects;

/** Identifies one lesson across modules: other modules hold this, never a JPA association. */
public record ContentRef(ContentKind kind, long id) {

  public ContentRef {
    Objects.requireNonNull(kind, "kind");
    if (id <= 0) {
      throw new IllegalArgumentException("content id must be positive: " + id);
    }
  }

  @Override
  public String toString() {
    return kind.wireName() + "/" + id;
  }
}
