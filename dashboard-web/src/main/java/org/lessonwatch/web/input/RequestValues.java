package org.lessonwatch.web.input;

import java.util.OptionalLong;

/**
 * What every value taken from a request must be before the application uses it, wherever it arrives
 * (JSON body, URL path, query string or login form): an id is written in ASCII digits, and text is
 * text that PostgreSQL can store. One place, so that the API and the pages cannot drift apart on
 * what they accept.
 */
public final class RequestValues {

  /** The message a 400 gives for text that {@link #isStorable} refuses. */
  public static final String NOT_STORABLE = "must not contain U+0000 or an unpaired surrogate";

  private RequestValues() {}

  /**
   * A positive 64-bit id written as ASCII digits; empty for anything else. {@code Long.parseLong}
   * alone would also take a sign ({@code +7}) and the digits of other scripts ({@code ١٢٣} is 123
   * to it), so that one id would have many spellings.
   */
  public static OptionalLong positiveId(String text) {
    if (text == null || text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    try {
      long id = Long.parseLong(text);
      return id > 0 ? OptionalLong.of(id) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty(); // past Long.MAX_VALUE
    }
  }

  /**
   * Whether PostgreSQL can store the text as it is: a text column refuses U+0000 (the statement
   * fails), and an unpaired UTF-16 surrogate has no UTF-8 form (the driver would send a "?" in its
   * place, so the stored text would differ from the text accepted).
   */
  public static boolean isStorable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\0') {
        return false;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
