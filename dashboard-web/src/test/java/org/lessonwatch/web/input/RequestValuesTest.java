package org.lessonwatch.web.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestValuesTest {

  @ParameterizedTest
  @ValueSource(strings = {"1", "42", "007", "9223372036854775807"})
  void readsIdsInAsciiDigits(String text) {
    assertEquals(OptionalLong.of(Long.parseLong(text)), RequestValues.positiveId(text));
  }

  /** Among them Arabic-Indic, Devanagari and fullwidth 42, which Long.parseLong reads as 42. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "+42",
        "-42",
        "0",
        "",
        "٤٢",
        "४२",
        "４２",
        " 42",
        "42\0",
        "4.2e1",
        "9223372036854775808",
        "99999999999999999999999999999999"
      })
  void refusesEveryOtherSpellingOfAnId(String text) {
    assertEquals(OptionalLong.empty(), RequestValues.positiveId(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Algebra", "Funktionen 😀", "\ud83d\ude00", "ü\t\n"})
  void acceptsTextWithPairedSurrogates(String text) {
    assertTrue(RequestValues.isStorable(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\0", "Alge\0bra", "\ud800", "x\udc00", "\udc00\ud800", "😀\ud83d"})
  void refusesU0000AndUnpairedSurrogates(String text) {
    assertFalse(RequestValues.isStorable(text));
  }
}
