package org.lessonwatch.content;

/** The lesson exists but has no video URL, so nobody can be watching it. */
public final class ContentWithoutVideoException extends ContentUnavailableException {

  public ContentWithoutVideoException(ContentRef ref) {
    super(ref, ref.kind().wireName() + " " + ref.id() + " has no video URL");
  }
}
