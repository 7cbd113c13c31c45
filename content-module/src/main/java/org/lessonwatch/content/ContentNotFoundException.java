package org.lessonwatch.content;

/** The catalogue holds no lesson of this kind and id. */
public final class ContentNotFoundException extends ContentUnavailableException {

  public ContentNotFoundException(ContentRef ref) {
    super(ref, "no " + ref.kind().wireName() + " with id " + ref.id());
  }
}
