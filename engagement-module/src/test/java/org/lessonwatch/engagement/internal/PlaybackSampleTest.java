package org.lessonwatch.engagement.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lessonwatch.content.ContentKind;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.engagement.Heartbeat;

class PlaybackSampleTest {

  private static final ContentRef LESSON = new ContentRef(ContentKind.LMS_LESSON, 42);

  private static PlaybackSample sample(double positionSec, double durationSec, boolean ended) {
    return PlaybackSample.of(new Heartbeat("learner-1", LESSON, positionSec, durationSec, ended));
  }

  @Test
  void floorsThePosition() {
    assertEquals(131, sample(131.7, 600, false).positionSec());
  }

  @Test
  void treatsZeroDurationAsNoneReported() {
    assertNull(sample(10, 0, false).reportedDurationSec());
  }

  @Test
  void roundsTheDurationUp() {
    assertEquals(601, sample(10, 600.2, false).reportedDurationSec());
  }

  @Test
  void roundsATinyDurationUpToOneSecond() {
    assertEquals(1, sample(0, 0.3, false).reportedDurationSec());
  }

  @Test
  void keepsAWholeDurationAsIs() {
    assertEquals(600, sample(10, 600, false).reportedDurationSec());
  }

  @Test
  void carriesTheEndedFlag() {
    assertTrue(sample(600, 600, true).ended());
    assertFalse(sample(600, 600, false).ended());
  }
}
