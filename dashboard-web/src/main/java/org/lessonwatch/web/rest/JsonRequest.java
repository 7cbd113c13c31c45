package org.lessonwatch.web.rest;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lessonwatch.web.config.FieldError;
import org.lessonwatch.web.config.Problem;
import org.lessonwatch.web.config.ProblemException;

/**
 * A JSON object request body, read with a size limit and taken apart field by field. Each getter
 * records what is wrong with its field instead of failing at once, so that one 400 names every bad
 * field; {@link #requireValid()} then throws it.
 */
final class JsonRequest {

  static final int MAX_BODY_BYTES = 64 * 1024;

  /**
   * Made once: {@code Json.createReader} looks the JSON-P provider up through the class loader on
   * every call, which under Payara cost more than the rest of a heartbeat.
   */
  private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  private final JsonObject json;
  private final List<FieldError> errors = new ArrayList<>();

  private JsonRequest(JsonObject json) {
    this.json = json;
  }

  /** Reads the body: 413 past 64 KiB, 400 unless it is one JSON object. */
  static JsonRequest read(InputStream body) {
    byte[] bytes = readLimited(body);
    try (var reader = READERS.createReader(new ByteArrayInputStream(bytes))) {
      JsonValue value = reader.readValue();
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        throw invalid("body", "must be a JSON object");
      }
      return new JsonRequest(value.asJsonObject());
    } catch (JsonParsingException e) {
      throw invalid("body", "malformed JSON: " + e.getMessage());
    } catch (JsonException e) {
      throw invalid("body", "malformed JSON");
    }
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
    return json.containsKey(field) && json.get(field).getValueType() != JsonValue.ValueType.NULL;
  }

  JsonValue raw(String field) {
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
    if (!(json.get(field) instanceof JsonString string)) {
      reject(field, "must be a string");
      return null;
    }
    if (string.getString().isBlank()) {
      return null;
    }
    return checkedText(field, string, maxLength);
  }

  private String checkedText(String field, JsonValue value, int maxLength) {
    if (!(value instanceof JsonString string)) {
      reject(field, "must be a string");
      return null;
    }
    String text = string.getString();
    if (text.isBlank()) {
      reject(field, "must not be blank");
      return null;
    }
    if (text.length() > maxLength) {
      reject(field, "must be at most " + maxLength + " characters");
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
    return positiveId(field, json.get(field));
  }

  long positiveId(String field, JsonValue value) {
    if (!(value instanceof JsonNumber number) || !isWhole(number)) {
      reject(field, "must be a positive whole number");
      return 0;
    }
    BigInteger id = number.bigDecimalValue().toBigIntegerExact();
    if (id.signum() <= 0 || id.bitLength() > 63) {
      reject(field, "must be a positive 64-bit integer");
      return 0;
    }
    return id.longValue();
  }

  private static boolean isWhole(JsonNumber number) {
    BigDecimal value = number.bigDecimalValue();
    return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
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

  double number(String field, JsonValue value, double min, double max) {
    if (!(value instanceof JsonNumber number)) {
      reject(field, "must be a number");
      return Double.NaN;
    }
    BigDecimal exact = number.bigDecimalValue();
    if (exact.compareTo(BigDecimal.valueOf(min)) < 0
        || exact.compareTo(BigDecimal.valueOf(max)) > 0) {
      reject(field, "must be between " + plain(min) + " and " + plain(max));
      return Double.NaN;
    }
    return exact.doubleValue();
  }

  private static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** An optional boolean; {@code absent} if missing or null. */
  boolean optionalFlag(String field, boolean absent) {
    if (!isPresent(field)) {
      return absent;
    }
    JsonValue value = json.get(field);
    if (value.getValueType() == JsonValue.ValueType.TRUE) {
      return true;
    }
    if (value.getValueType() == JsonValue.ValueType.FALSE) {
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
    if (json.get(field).getValueType() != JsonValue.ValueType.ARRAY) {
      reject(field, "must be a list of strings");
      return List.of();
    }
    var items = json.getJsonArray(field);
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
}
