package org.lessonwatch.web.lti;

/**
 * A registration or link that cannot be stored as asked: it would take another's issuer and client
 * id, or an LMS course linked to another catalogue course, or it names an unknown platform.
 */
public final class LtiLinkException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Why: the field at fault and whether it is a conflict with what is stored (409) or not (400).
   */
  public enum Kind {
    UNKNOWN_PLATFORM,
    ISSUER_TAKEN,
    CONTEXT_TAKEN
  }

  private final Kind kind;
  private final String field;

  LtiLinkException(Kind kind, String field, String message) {
    super(message);
    this.kind = kind;
    this.field = field;
  }

  public Kind kind() {
    return kind;
  }

  public String field() {
    return field;
  }
}
