package org.lessonwatch.web.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.lessonwatch.content.ContentKind;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.content.LessonListing;
import org.lessonwatch.engagement.LearnerActivity;

class FormatTest {

  @Test
  void countsReadAsTheRootLocaleWritesThem() {
    long[] samples = {0, 7, 999, 1000, 12345, 999999, 1000000, 1234567890123L, Long.MAX_VALUE};
    for (long n : samples) {
      assertEquals(String.format(Locale.ROOT, "%,d", n), Format.count(n), "count " + n);
      assertEquals(String.format(Locale.ROOT, "%,d", -n), Format.count(-n), "count " + -n);
    }
    assertEquals("-9,223,372,036,854,775,808", Format.count(Long.MIN_VALUE));
    assertEquals("1,000", Format.count(1000));
  }

  @Test
  void positionsReadAsMinutesAndSecondsAndFromAnHourOnWithHours() {
    assertEquals("0:00", Format.clock(-5));
    assertEquals("0:07", Format.clock(7));
    assertEquals("1:05", Format.clock(65));
    assertEquals("59:59", Format.clock(3599));
    assertEquals("1:00:00", Format.clock(3600));
    assertEquals("2:03:04", Format.clock(2 * 3600 + 3 * 60 + 4));
    assertEquals("100:00:09", Format.clock(100 * 3600 + 9));
  }

  @Test
  void csvPercentagesRoundHalfUpFromTheExactRatio() {
    assertEquals("28.8", Format.plainPercent(23, 80), "23 of 80 is exactly 28.75 %");
    assertEquals("51.3", Format.plainPercent(41, 80), "exactly 51.25 %");
    assertEquals("33.3", Format.plainPercent(1, 3));
    assertEquals("66.7", Format.plainPercent(2, 3));
    assertEquals("0.1", Format.plainPercent(1, 2000), "exactly 0.05 %");
    assertEquals("0.0", Format.plainPercent(1, 2001));
    assertEquals("0.0", Format.plainPercent(0, 600));
    assertEquals("100.0", Format.plainPercent(600, 600));
    assertEquals("100.0", Format.plainPercent(601, 600), "at most all of it");
    assertEquals("", Format.plainPercent(10, 0));
  }

  @Test
  void theLearnerCsvSaysHowMuchOfTheVideoTheLearnerReached() {
    LessonListing lesson =
        new LessonListing(new ContentRef(ContentKind.LMS_LESSON, 7), 1, "Intro", 80, null);
    Instant seen = Instant.parse("2026-12-01T10:00:00Z");
    assertEquals(
        "28.8",
        LearnerCsv.row(lesson, new LearnerActivity("a", 1, 23, null, false, seen)).get(4),
        "the lesson's 80 s");
    assertEquals(
        "23.0",
        LearnerCsv.row(lesson, new LearnerActivity("a", 1, 23, 100, false, seen)).get(4),
        "the duration the player reported");
    LessonListing noDuration =
        new LessonListing(new ContentRef(ContentKind.LMS_LESSON, 8), 1, "Live", null, null);
    assertEquals(
        "", LearnerCsv.row(noDuration, new LearnerActivity("a", 1, 23, null, false, seen)).get(4));
  }
}
