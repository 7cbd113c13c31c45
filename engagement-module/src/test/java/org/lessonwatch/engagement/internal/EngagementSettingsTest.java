package org.lessonwatch.engagement.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EngagementSettingsTest {

  private static EngagementSettings settings(String gap, String threshold) {
    EngagementSettings settings = new EngagementSettings();
    settings.sessionGap = gap;
    settings.completionThreshold = threshold;
    settings.timeZone = "UTC";
    settings.heartbeatTimeout = "PT9S";
    settings.queueCapacity = "2000";
    settings.gather = "PT0.002S";
    settings.readLagNotice = "PT1M";
    return settings;
  }

  @Test
  void readsIsoDurationAndPercent() {
    EngagementSettings settings = settings(" PT45M ", "85");

    settings.read();

    assertEquals(new SessionRules(Duration.ofMinutes(45), 85), settings.rules());
  }

  @Test
  void refusesGapThatIsNotIsoDurationNamingTheKey() {
    EngagementSettings settings = settings("30 minutes", "90");

    IllegalStateException e = assertThrows(IllegalStateException.class, settings::read);

    assertTrue(e.getMessage().contains("engagement.session-gap"), e.getMessage());
  }

  @Test
  void readsTheHeartbeatLimitsAndRefusesNonsenseNamingTheKey() {
    EngagementSettings settings = settings("PT30M", "90");
    settings.read();
    assertEquals(
        new HeartbeatLimits(Duration.ofSeconds(9), 2000, Duration.ofMillis(2)), settings.limits());

    for (String[] bad :
        new String[][] {
          {"PT0S", "2000", "PT0S"},
          {"PT2M", "2000", "PT0S"},
          {"soon", "2000", "PT0S"},
          {"PT9S", "0", "PT0S"},
          {"PT9S", "2000", "-PT0.001S"},
          {"PT9S", "2000", "PT0.101S"},
          {"PT9S", "2000", "2ms"}
        }) {
      EngagementSettings wrong = settings("PT30M", "90");
      wrong.heartbeatTimeout = bad[0];
      wrong.queueCapacity = bad[1];
      wrong.gather = bad[2];
      IllegalStateException e = assertThrows(IllegalStateException.class, wrong::read);
      assertTrue(e.getMessage().contains("engagement.heartbeat."), e.getMessage());
    }
  }

  @Test
  void readsTheReplicaLagNoticeAndRefusesNonsenseNamingTheKey() {
    EngagementSettings settings = settings("PT30M", "90");
    settings.readLagNotice = " PT2M ";
    settings.read();
    assertEquals(Duration.ofMinutes(2), settings.readLagNotice());

    for (String bad : new String[] {"1 minute", "-PT1M", ""}) {
      EngagementSettings wrong = settings("PT30M", "90");
      wrong.readLagNotice = bad;
      IllegalStateException e = assertThrows(IllegalStateException.class, wrong::read);
      assertTrue(e.getMessage().contains("engagement.db.read-lag-notice"), e.getMessage());
    }
  }

  @Test
  void refusesZeroGap() {
    assertThrows(IllegalStateException.class, settings("PT0S", "90")::read);
  }

  @Test
  void refusesThresholdOutsideOneToHundred() {
    for (String threshold : new String[] {"0", "101", "ninety", "90.5"}) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, settings("PT30M", threshold)::read);
      assertTrue(e.getMessage().contains("engagement.completion-threshold-percent"));
    }
  }

  @Test
  void readsTheRetentionAsAPositivePeriodOrNone() {
    assertEquals(java.util.Optional.empty(), EngagementSettings.parseRetention(" "));
    assertEquals(java.util.Optional.empty(), EngagementSettings.parseRetention(null));
    assertEquals(
        java.util.Optional.of(java.time.Period.ofYears(2)),
        EngagementSettings.parseRetention(" P2Y "));
    for (String bad : java.util.List.of("P0D", "P-1D", "PT5M", "forever", "P2000Y")) {
      IllegalStateException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalStateException.class, () -> EngagementSettings.parseRetention(bad), bad);
      org.junit.jupiter.api.Assertions.assertTrue(
          e.getMessage().contains("engagement.retention"), e.getMessage());
    }
  }
}
