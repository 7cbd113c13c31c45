package org.lessonwatch.web.rest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.stream.Collectors.toMap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lessonwatch.web.problems.FieldError;
import org.lessonwatch.web.problems.ProblemException;

/**
 * The body reader against what a hostile client can send: numbers of any length and exponent, deep
 * nesting and text the database cannot store, each answered with a 400 naming the field.
 */
class JsonRequestTest {

  static final String RANGE = "must be between 0 and 86400";
  static final String NOT_AN_ID = "must be a positive 64-bit integer";

  static JsonRequest read(String json) {
    return JsonRequest.read(new ByteArrayInputStream(json.getBytes(UTF_8)));
  }

  /** The errors a getter recorded, by field. */
  static Map<String, String> errors(JsonRequest request) {
    try {
      request.requireValid();
      return Map.of();
    } catch (ProblemException e) {
      return e.problem().errors().stream().collect(toMap(FieldError::field, FieldError::message));
    }
  }

  static Map<String, String> errors(String json, Consumer<JsonRequest> getter) {
    JsonRequest request = read(json);
    getter.accept(request);
    return errors(request);
  }

  /** The errors of a body that is refused as a whole. */
  static Map<String, String> bodyErrors(String json) {
    ProblemException e = assertThrows(ProblemException.class, () -> read(json));
    return e.problem().errors().stream().collect(toMap(FieldError::field, FieldError::message));
  }

  @ParameterizedTest
  @ValueSource(strings = {"42", "42.0", "4.2e1", "4.2E+1", "420e-1", "0.42e2", "42.000e0"})
  void readsEveryFormOfAWholeNumberAsAnId(String number) {
    JsonRequest request = read("{\"content_id\": " + number + "}");

    assertEquals(42, request.positiveId("content_id"));
    assertEquals(Map.of(), errors(request));
  }

  @Test
  void readsTheLargest64BitId() {
    JsonRequest request = read("{\"content_id\": 9223372036854775807}");

    assertEquals(Long.MAX_VALUE, request.positiveId("content_id"));
  }

  static Stream<Arguments> hostileIds() {
    return Stream.of(
        Arguments.of("1e100000000", NOT_AN_ID),
        Arguments.of("-1e100000000", NOT_AN_ID),
        Arguments.of("1e2147483647", NOT_AN_ID),
        Arguments.of("100e2147483647", NOT_AN_ID),
        Arguments.of("9223372036854775808", NOT_AN_ID),
        Arguments.of("1" + "0".repeat(63), NOT_AN_ID),
        Arguments.of("0e100000000", NOT_AN_ID),
        Arguments.of("1e-100000000", "must be a positive whole number"),
        Arguments.of("1e9999999999", "must be a number whose exponent lies within ±2147483647"),
        Arguments.of("1".repeat(65), "must be a number of at most 64 characters"),
        Arguments.of("1".repeat(1101), "must be a number of at most 64 characters"),
        Arguments.of("1".repeat(60_000), "must be a number of at most 64 characters"));
  }

  @ParameterizedTest
  @MethodSource("hostileIds")
  void rejectsIdsOfAnySizeOrExponentNamingTheField(String number, String message) {
    assertEquals(
        Map.of("content_id", message),
        errors("{\"content_id\": " + number + "}", r -> r.positiveId("content_id")));
  }

  @Test
  void readsNumbersAsBefore() {
    JsonRequest request =
        read("{\"a\": 131.7, \"b\": 0, \"c\": 86400, \"d\": 8.64e4, \"e\": 1e-400, \"f\": -0}");

    assertEquals(131.7, request.number("a", 0, 86400));
    assertEquals(0, request.number("b", 0, 86400));
    assertEquals(86400, request.number("c", 0, 86400));
    assertEquals(86400, request.number("d", 0, 86400));
    assertEquals(0, request.number("e", 0, 86400), "a positive number too small for a double");
    assertEquals(0, request.number("f", 0, 86400));
    assertEquals(Map.of(), errors(request));
  }

  static Stream<Arguments> hostileNumbers() {
    return Stream.of(
        Arguments.of("1e100000000", RANGE),
        Arguments.of("-1e100000000", RANGE),
        Arguments.of("1e2147483647", RANGE),
        Arguments.of("-1e-2147483647", RANGE),
        Arguments.of("86400.00000000000000000000000000001", RANGE),
        Arguments.of("1e9999999999", "must be a number whose exponent lies within ±2147483647"),
        Arguments.of("1e-9999999999", "must be a number whose exponent lies within ±2147483647"),
        Arguments.of("0." + "0".repeat(63) + "1", "must be a number of at most 64 characters"),
        Arguments.of("1".repeat(1101), "must be a number of at most 64 characters"));
  }

  @ParameterizedTest
  @MethodSource("hostileNumbers")
  void rejectsNumbersOfAnySizeOrExponentNamingTheField(String number, String message) {
    assertEquals(
        Map.of("position_sec", message),
        errors("{\"position_sec\": " + number + "}", r -> r.number("position_sec", 0, 86400)));
  }

  @Test
  void checksEachNumberOfAPlayedRange() {
    JsonRequest request =
        read(
            "{\"content_kind\": \"lms_lesson\", \"content_id\": 1, \"position_sec\": 3,"
                + " \"played\": [[0, 5.5], [1e100000000, 2], [1, 1e9999999999]]}");

    ProblemException e =
        assertThrows(ProblemException.class, () -> HeartbeatRequest.parse(request));

    assertEquals(
        List.of("played[1][0]", "played[2][1]"),
        e.problem().errors().stream().map(FieldError::field).toList());
  }

  @Test
  void readsNestingUpToTheBoundAndRefusesDeeper() {
    String sixteenDeep = "{\"x\": " + "[".repeat(14) + "{}" + "]".repeat(14) + ", \"id\": 7}";
    String seventeenDeep = "{\"x\": " + "[".repeat(15) + "{}" + "]".repeat(15) + "}";
    String deeper = "{\"x\": " + "[".repeat(30_000) + "]".repeat(30_000) + "}";
    String unclosed = "{\"x\": " + "{\"x\": ".repeat(10_000);
    String nesting = "must not nest arrays and objects more than 16 deep";

    assertEquals(7, read(sixteenDeep).positiveId("id"));
    assertEquals(Map.of("body", nesting), bodyErrors(seventeenDeep));
    assertEquals(Map.of("body", nesting), bodyErrors(deeper));
    assertEquals(Map.of("body", nesting), bodyErrors(unclosed));
  }

  @Test
  void refusesWhatIsNotOneJsonObjectAsBefore() {
    for (String body : List.of("[1, 2]", "42", "\"x\"", "{\"a\": ", "", "{\"a\" 1}")) {
      assertEquals(List.of("body"), List.copyOf(bodyErrors(body).keySet()), body);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\\u0000b", "\\ud800", "x\\udc00", "\\udc00\\ud800", "\\ud83d"})
  void rejectsTextTheDatabaseCannotStoreNamingTheField(String escaped) {
    String message = "must not contain U+0000 or an unpaired surrogate";
    String json =
        "{\"title\": \"%s\", \"video_url\": \"%s\", \"instructors\": [\"ada\", \"%s\"]}"
            .formatted(escaped, escaped, escaped);

    assertEquals(
        Map.of("title", message, "video_url", message, "instructors[1]", message),
        errors(
            json,
            r -> {
              r.text("title", 500);
              r.optionalText("video_url", 2048);
              r.optionalTextList("instructors", 10, 255);
            }));
  }

  @Test
  void keepsTextWithPairedSurrogates() {
    JsonRequest request = read("{\"title\": \"Funktionen \\ud83d\\ude00 😀\"}");

    assertEquals("Funktionen 😀 😀", request.text("title", 500));
    assertEquals(Map.of(), errors(request));
  }
}
