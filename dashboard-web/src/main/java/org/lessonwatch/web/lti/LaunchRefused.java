package org.lessonwatch.web.lti;

/** A launch that fails a check of LTI 1.3; the message says which, for the page the user sees. */
public final class LaunchRefused extends Exception {

  private static final long serialVersionUID = 1L;

  LaunchRefused(String message) {
    super(message);
  }
}
