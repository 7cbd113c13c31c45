package org.lessonwatch.engagement.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void countsSecondsWithinStretch() {
    WatchedSeconds seconds = WatchedSeconds.parse("{[0,5),[17,20)}");

    assertEquals(5, seconds.countWithin(0, 10));
    assertEquals(3, seconds.countWithin(10, 20));
    assertEquals(0, seconds.countWithin(20, 30));
  }
}
