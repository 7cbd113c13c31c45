package org.lessonwatch.engagement.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WatchedSecondsTest {

  @Test
  void mergesOverlappingAndAdjacentRanges() {
    WatchedSeconds seconds = WatchedSeconds.NONE.plus(10, 20).plus(15, 25).plus(25, 30).plus(0, 5);

    assertEquals("{[0,5),[10,30)}", seconds.toMultirange());
    assertEquals(25, seconds.total());
  }

  @Test
  void bridgesGapsThatNewRangeCovers() {
    WatchedSeconds seconds = WatchedSeconds.NONE.plus(0, 5).plus(10, 15).plus(20, 25).plus(3, 22);

    assertEquals("{[0,25)}", seconds.toMultirange());
  }

  @Test
  void keepsDisjointRangesSortedWhateverTheOrderAdded() {
    WatchedSeconds seconds = WatchedSeconds.NONE.plus(50, 60).plus(10, 20).plus(30, 40);

    assertEquals("{[10,20),[30,40),[50,60)}", seconds.toMultirange());
  }

  @Test
  void countsRepeatedSecondsOnce() {
    WatchedSeconds seconds = WatchedSeconds.NONE.plus(0, 10).plus(0, 10).plus(2, 8);

    assertEquals(10, seconds.total());
  }

  @Test
  void ignoresEmptyRanges() {
    assertEquals(WatchedSeconds.NONE, WatchedSeconds.NONE.plus(7, 7));
  }

  @Test
  void readsPostgresTextForm() {
    WatchedSeconds seconds = WatchedSeconds.parse("{[0,5),[17,20)}");

    assertEquals(8, seconds.total());
    assertTrue(seconds.contains(4));
    assertFalse(seconds.contains(5));
    assertTrue(seconds.contains(17));
    assertEquals(WatchedSeconds.NONE, WatchedSeconds.parse("{}"));
    assertEquals(seconds, WatchedSeconds.parse(seconds.toMultirange()));
  }

  @Test
  void countsSecondsPerStretch() {
    WatchedSeconds seconds = WatchedSeconds.parse("{[0,5),[17,20),[28,45)}");

    assertArrayEquals(new int[] {5, 3, 2, 10}, seconds.countPerStretch(10, 4));
    assertArrayEquals(new int[] {5, 3, 2, 10, 5, 0}, seconds.countPerStretch(10, 6));
  }

  @Test
  void mergesRangesGivenTogetherInAnyOrder() {
    WatchedSeconds seconds = WatchedSeconds.parse("{[0,5),[40,45)}");

    WatchedSeconds added = seconds.plus(50, 60, 10, 20, 7, 7, 15, 30, 45, 46, 3, 8);

    assertEquals("{[0,8),[10,30),[40,46),[50,60)}", added.toMultirange());
    assertEquals(seconds.plus(50, 60).plus(10, 20).plus(15, 30).plus(45, 46).plus(3, 8), added);
  }

  @Test
  void readsNothingButPostgresCanonicalText() {
    for (String bad :
        List.of(
            "",
            "{",
            "{[0,5)",
            "[0,5)",
            "{[0,5)]",
            "{[0,5),}",
            "{[0,5)[7,9)}",
            "{(0,5)}",
            "{[0,5]}",
            "{[-3,5)}",
            "{[5,5)}",
            "{[7,9),[0,5)}",
            "{[0,5),[5,9)}",
            "{[0,5),[3,9)}",
            "{[0,99999999999)}",
            "{[0, 5)}",
            "{[0,5)} ")) {
      assertThrows(IllegalArgumentException.class, () -> WatchedSeconds.parse(bad), bad);
    }
  }

  @Test
  void fillsTheSmallestGapsFirstToKeepAtMostTheGivenIntervals() {
    WatchedSeconds seconds = WatchedSeconds.parse("{[0,1),[3,4),[5,6),[10,11),[13,14)}");

    assertEquals(seconds, seconds.withAtMostIntervals(5));
    assertEquals("{[0,1),[3,6),[10,11),[13,14)}", seconds.withAtMostIntervals(4).toMultirange());
    assertEquals("{[0,6),[10,11),[13,14)}", seconds.withAtMostIntervals(3).toMultirange());
    assertEquals("{[0,6),[10,14)}", seconds.withAtMostIntervals(2).toMultirange());
    assertEquals("{[0,14)}", seconds.withAtMostIntervals(1).toMultirange());
  }

  @Test
  void fillsOnlyGapsNoLongerThanAnyGapLeft() {
    Random random = new Random(12);
    WatchedSeconds seconds = WatchedSeconds.NONE;
    for (int i = 0; i < 3000; i++) {
      int from = random.nextInt(86_400);
      seconds = seconds.plus(from, from + 1 + random.nextInt(3));
    }
    int intervals = seconds.intervals();

    WatchedSeconds filled = seconds.withAtMostIntervals(intervals / 3);

    assertEquals(intervals / 3, filled.intervals());
    int longestFilled = 0;
    int shortestLeft = Integer.MAX_VALUE;
    int gapFrom = -1;
    for (int second = 0; second <= 86_403; second++) {
      if (seconds.contains(second)) {
        assertTrue(filled.contains(second), "keeps second " + second);
        if (gapFrom >= 0) {
          int gap = second - gapFrom;
          if (filled.contains(gapFrom)) {
            longestFilled = Math.max(longestFilled, gap);
          } else {
            shortestLeft = Math.min(shortestLeft, gap);
          }
        }
        gapFrom = -1;
      } else if (gapFrom < 0 && second > 0 && seconds.contains(second - 1)) {
        gapFrom = second;
      }
    }
    assertTrue(longestFilled <= shortestLeft, longestFilled + " filled, " + shortestLeft + " left");
    assertTrue(filled.total() > seconds.total());
  }
}
