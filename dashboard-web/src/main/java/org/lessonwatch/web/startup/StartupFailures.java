package org.lessonwatch.web.startup;

/** Turns a start-up failure into the one line that the log and an operator read first. */
final class StartupFailures {

  private static final int MAX_LENGTH = 1000;

  private StartupFailures() {}

  /**
   * The failure's own message: ours (an {@link IllegalStateException} naming a key or a lock) where
   * there is one in the chain, else the outermost message and, if it says something else, the
   * innermost one. On one line, however many lines the libraries' messages have.
   */
  static String describe(Throwable failure) {
    Throwable root = failure;
    String ours = null;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (ours == null && t instanceof IllegalStateException && t.getMessage() != null) {
        ours = t.getMessage();
      }
      root = t;
    }
    String text;
    if (ours != null) {
      text = ours;
    } else {
      text = failure.getClass().getSimpleName() + ": " + failure.getMessage();
      if (root != failure
          && root.getMessage() != null
          && !String.valueOf(failure.getMessage()).contains(root.getMessage())) {
        text += " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
      }
    }
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH) + " …";
  }
}
