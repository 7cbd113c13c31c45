package org.lessonwatch.web.lti;

/** Why an LMS roster could not be fetched, in words for the course page. */
class RosterUnavailable extends Exception {

  private static final long serialVersionUID = 1L;

  RosterUnavailable(String message) {
    super(message);
  }

  RosterUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
