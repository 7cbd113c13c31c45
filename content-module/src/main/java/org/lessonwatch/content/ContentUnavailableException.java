package org.lessonwatch.content;

/** A lesson cannot be played: the catalogue does not know it, or it has no video. */
public abstract sealed class ContentUnavailableException extends RuntimeException
    permits ContentNotFoundException, ContentWithoutVideoException {

  private final ContentRef ref;

  ContentUnavailableException(ContentRef ref, String message) {
    super(message);
    this.ref = ref;
  }

  public ContentRef ref() {
    return ref;
  }
}
