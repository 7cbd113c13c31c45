package org.lessonwatch.web.rest;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lessonwatch.web.input.RequestValues;
import org.lessonwatch.web.problems.FieldError;
import org.lessonwatch.web.problems.Problem;
import org.lessonwatch.web.problems.ProblemException;

/**
 * A JSON object request body, read with a size limit and taken apart field by field. Each getter
 * records what is wrong with its field instead of failing at once, so that one 400 names every bad
 * field; {@link #requireValid()} then throws it.
 *
 * <p>Every client may be hostile, so the body is read with JSON-P's streaming parser into a small
 * model of its own rather than into JSON-P's object model: nesting is bounded while reading, and a
 * number stays the text it was sent as until a getter has checked its length. JSON-P's model hands
 * out numbers as {@link BigDecimal}s of unbounded exponent ({@code 1e100000000} as an id took over
 * 90 s of CPU and allocated 259 GB on its way to a 41 MB integer), and its own limits (numbers of
 * 1,100 characters, 1,000 levels) end in exceptions that a client would see as a 500. The model
 * costs more memory than JSON-P's for a body full of tiny numbers: at most about 3 MB for 64 KiB,
 * against 1.8 MB.
 */
final class JsonRequest {

  static final int MAX_BODY_BYTES = 64 * 1024;

  /**
   * Deepest nesting a body may have, its own object counting as one. Heartbeats need three ({@code
   * played} ranges); the rest leaves clients room for fields of their own, which are ignored, while
   * the reader's recursion stays shallow.
   */
  static final int MAX_DEPTH = 16;

  /**
   * Longest number, in characters. The shortest text of any {@code double} has at most 24; the rest
   * is room for players that print more digits than a double holds. Only numbers this short are
   * ever converted, so no conversion can take long whatever the exponent.
   */
  static final int MAX_NUMBER_CHARS = 64;

  /**
   * Made once: {@code Json.createParser} looks the JSON-P provider up through the class loader on
   * every call, which under Payara cost more than the rest of a heartbeat.
   */
  private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

  /** A value of the body as read; numbers keep their text. */
  sealed interface Value permits Text, Numeral, Literal, Items, Members {}

  record Text(String text) implements Value {}

  record Numeral(String text) implements Value {}

  enum Literal implements Value {
    TRUE,
    FALSE,
    NULL
  }

  record Items(List<Value> items) implements Value {}

  record Members(Map<String, Value> members) implements Value {}

  private final Map<String, Value> json;
  private final List<FieldError> errors = new ArrayList<>();

  private JsonRequest(Map<String, Value> json) {
    this.json = json;
  }

  /** Reads the body: 413 past 64 KiB, 400 unless it is one JSON object nested at most 16 deep. */
  static JsonRequest read(InputStream body) {
    byte[] bytes = readLimited(body);
    try (JsonParser parser = PARSERS.createParser(new ByteArrayInputStream(bytes))) {
      // Like JSON-P's reader, which this replaces, nothing after the object is read.
      if (parser.next() != JsonParser.Event.START_OBJECT) {
        throw invalid("body", "must be a JSON object");
      }
      return new JsonRequest(members(parser, 1));
    } catch (JsonParsingException e) {
      throw invalid("body", "malformed JSON: " + e.getMessage());
    } catch (JsonException e) {
      throw invalid("body", "malformed JSON");
    }
  }

  private static Map<String, Value> members(JsonParser parser, int depth) {
    Map<String, Value> members = new HashMap<>();
    while (parser.next() == JsonParser.Event.KEY_NAME) {
      String name = parser.getString();
      members.put(name, value(parser, parser.next(), depth)); // a repeated name: the last wins
    }
    return members;
  }

  private static Value value(JsonParser parser, JsonParser.Event event, int depth) {
    return switch (event) {
      case VALUE_STRING -> new Text(parser.getString());
      case VALUE_NUMBER -> new Numeral(parser.getString()); // the token's text, not converted
      case VALUE_TRUE -> Literal.TRUE;
      case VALUE_FALSE -> Literal.FALSE;
      case VALUE_NULL -> Literal.NULL;
      case START_OBJECT -> new Members(members(parser, nested(depth)));
      case START_ARRAY -> items(parser, nested(depth));
      case KEY_NAME, END_OBJECT, END_ARRAY -> throw new IllegalStateException("parser at " + event);
    };
  }

  private static Items items(JsonParser parser, int depth) {
    List<Value> items = new ArrayList<>();
    for (var event = parser.next(); event != JsonParser.Event.END_ARRAY; event = parser.next()) {
      items.add(value(parser, event, depth));
    }
    return new Items(items);
  }

  private static int nested(int depth) {
    if (depth == MAX_DEPTH) {
      throw invalid("body", "must not nest arrays and objects more than " + MAX_DEPTH + " deep");
    }
    return depth + 1;
  }

  private static byte[] readLimited(InputStream body) {
    try {
      byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw new ProblemException(
            Problem.of(
                413,
                "body-too-large",
                "request body too large",
                "the body must not exceed " + MAX_BODY_BYTES + " bytes"));
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ProblemException invalid(String field, String message) {
    return new ProblemException(Problem.invalidRequest(List.of(new FieldError(field, message))));
  }

  void reject(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  void requireValid() {
    if (!errors.isEmpty()) {
      throw new ProblemException(Problem.invalidRequest(errors));
    }
  }

  boolean isPresent(String field) {
    return json.containsKey(field) && json.get(field) != Literal.NULL;
  }

  Value raw(String field) {
    return json.get(field);
  }

  /** A required string of 1 to {@code maxLength} characters that is not blank. */
  String text(String field, int maxLength) {
    if (!isPresent(field)) {
      reject(field, "is required");
      return null;
    }
    return checkedText(field, json.get(field), maxLength);
  }

  /** An optional string; {@code null} if absent, null or blank. */
  String optionalText(String field, int maxLength) {
    if (!isPresent(field)) {
      return null;
    }
    if (!(json.get(field) instanceof Text string)) {
      reject(field, "must be a string");
      return null;
    }
    if (string.text().isBlank()) {
      return null;
    }
    return checkedText(field, string, maxLength);
  }

  private String checkedText(String field, Value value, int maxLength) {
    if (!(value instanceof Text string)) {
      reject(field, "must be a string");
      return null;
    }
    String text = string.text();
    if (text.isBlank()) {
      reject(field, "must not be blank");
      return null;
    }
    if (text.length() > maxLength) {
      reject(field, "must be at most " + maxLength + " characters");
      return null;
    }
    if (!RequestValues.isStorable(text)) {
      reject(field, RequestValues.NOT_STORABLE);
      return null;
    }
    return text;
  }

  /** A required positive whole number that fits in 64 bits; 0 when invalid. */
  long positiveId(String field) {
    if (!isPresent(field)) {
      reject(field, "is required");
      return 0;
    }
    BigDecimal exact = decimal(field, json.get(field), "must be a positive whole number");
    if (exact == null) {
      return 0;
    }
    if (!isWhole(exact)) {
      reject(field, "must be a positive whole number");
      return 0;
    }
    // Digits before the point, computed from the scale even for 1e100000000: an exact conversion
    // happens only below 10^19, never of a number that would take long to build.
    if (exact.signum() <= 0 || (long) exact.precision() - exact.scale() > 19) {
      reject(field, "must be a positive 64-bit integer");
      return 0;
    }
    try {
      return exact.longValueExact();
    } catch (ArithmeticException e) {
      reject(field, "must be a positive 64-bit integer"); // 19 digits past Long.MAX_VALUE
      return 0;
    }
  }

  /**
   * Whole as in {@code 42}, {@code 42.0} and {@code 4.2e1}. Trailing zeros are stripped only from a
   * number with digits after the point: stripping lowers the scale, which at its most negative
   * ({@code 100e2147483647}) would overflow.
   */
  private static boolean isWhole(BigDecimal value) {
    return value.scale() <= 0 || value.stripTrailingZeros().scale() <= 0;
  }

  /** A required number within {@code [min, max]}; {@code NaN} when invalid. */
  double number(String field, double min, double max) {
    if (!isPresent(field)) {
      reject(field, "is required");
      return Double.NaN;
    }
    return number(field, json.get(field), min, max);
  }

  /** An optional number within {@code [min, max]}; {@code absent} if missing or null. */
  double optionalNumber(String field, double min, double max, double absent) {
    return isPresent(field) ? number(field, json.get(field), min, max) : absent;
  }

  /**
   * A number within {@code [min, max]}, compared exactly; {@code NaN} when invalid. Comparing and
   * {@code doubleValue} stay quick on any exponent: {@link BigDecimal#compareTo} compares the
   * magnitudes first, and only aligns numbers of equal magnitude, which the length bound keeps
   * short.
   */
  double number(String field, Value value, double min, double max) {
    BigDecimal exact = decimal(field, value, "must be a number");
    if (exact == null) {
      return Double.NaN;
    }
    if (exact.compareTo(BigDecimal.valueOf(min)) < 0
        || exact.compareTo(BigDecimal.valueOf(max)) > 0) {
      reject(field, "must be between " + plain(min) + " and " + plain(max));
      return Double.NaN;
    }
    return exact.doubleValue();
  }

  /** The number's exact value, or {@code null} once the field is rejected. */
  private BigDecimal decimal(String field, Value value, String notANumber) {
    if (!(value instanceof Numeral number)) {
      reject(field, notANumber);
      return null;
    }
    if (number.text().length() > MAX_NUMBER_CHARS) {
      reject(field, "must be a number of at most " + MAX_NUMBER_CHARS + " characters");
      return null;
    }
    try {
      return new BigDecimal(number.text());
    } catch (NumberFormatException e) {
      // Valid JSON, but its scale would not fit BigDecimal's 32 bits, as in 1e9999999999.
      reject(field, "must be a number whose exponent lies within ±2147483647");
      return null;
    }
  }

  private static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** An optional boolean; {@code absent} if missing or null. */
  boolean optionalFlag(String field, boolean absent) {
    if (!isPresent(field)) {
      return absent;
    }
    Value value = json.get(field);
    if (value == Literal.TRUE) {
      return true;
    }
    if (value == Literal.FALSE) {
      return false;
    }
    reject(field, "must be true or false");
    return absent;
  }

  /** An optional list of strings, each 1 to {@code maxLength} characters; empty if absent. */
  List<String> optionalTextList(String field, int maxItems, int maxLength) {
    if (!isPresent(field)) {
      return List.of();
    }
    if (!(json.get(field) instanceof Items list)) {
      reject(field, "must be a list of strings");
      return List.of();
    }
    List<Value> items = list.items();
    if (items.size() > maxItems) {
      reject(field, "must have at most " + maxItems + " entries");
      return List.of();
    }
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String text = checkedText(field + "[" + i + "]", items.get(i), maxLength);
      if (text != null) {
        texts.add(text);
      }
    }
    return texts;
  }

  /**
   * An optional list of objects, each with exactly the given string members (1 to {@code maxLength}
   * characters each); {@code null} when the field is absent or null, so that a caller can tell
   * "leave as it is" from an empty list.
   */
  List<Map<String, String>> optionalObjects(
      String field, int maxItems, int maxLength, String... memberNames) {
    if (!isPresent(field)) {
      return null;
    }
    if (!(json.get(field) instanceof Items list)) {
      reject(field, "must be a list of objects");
      return List.of();
    }
    if (list.items().size() > maxItems) {
      reject(field, "must have at most " + maxItems + " entries");
      return List.of();
    }
    List<Map<String, String>> objects = new ArrayList<>();
    for (int i = 0; i < list.items().size(); i++) {
      String at = field + "[" + i + "]";
      if (!(list.items().get(i) instanceof Members object)) {
        reject(at, "must be an object");
        continue;
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (String name : memberNames) {
        Value value = object.members().get(name);
        if (value == null || value == Literal.NULL) {
          reject(at + "." + name, "is required");
        } else {
          String text = checkedText(at + "." + name, value, maxLength);
          if (text != null) {
            values.put(name, text);
          }
        }
      }
      for (String name : object.members().keySet()) {
        if (!List.of(memberNames).contains(name)) {
          reject(at + "." + name, "is not a known field");
        }
      }
      if (values.size() == memberNames.length) {
        objects.add(values);
      }
    }
    return objects;
  }
}
