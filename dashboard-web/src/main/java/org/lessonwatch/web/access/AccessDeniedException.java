package org.lessonwatch.web.access;

/** The audience may not see what it asked for ({@code status} 403), or it does not exist (404). */
public class AccessDeniedException extends RuntimeException {

  private final int status;

  private AccessDeniedException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  static AccessDeniedException forbidden(String message) {
    return new AccessDeniedException(403, message);
  }

  static AccessDeniedException notFound(String message) {
    return new AccessDeniedException(404, message);
  }

  public int status() {
    return status;
  }
}
