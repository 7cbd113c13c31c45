package org.lessonwatch.engagement.internal;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lessonwatch.engagement.DurationSetting;

/**
 * Reads the session rules from MicroProfile Config once, when the application starts ({@link
 * SessionRollups#checkConfiguration}), so that a bad value stops the start-up with a message naming
 * the key instead of failing on the first heartbeat.
 */
@ApplicationScoped
class EngagementSettings {

  private static final Logger LOG = Logger.getLogger(EngagementSettings.class.getName());

  @Inject
  @ConfigProperty(name = "engagement.session-gap", defaultValue = "PT30M")
  String sessionGap;

  @Inject
  @ConfigProperty(name = "engagement.completion-threshold-percent", defaultValue = "90")
  String completionThreshold;

  @Inject
  @ConfigProperty(name = "engagement.time-zone", defaultValue = "UTC")
  String timeZone;

  @Inject
  @ConfigProperty(name = "engagement.heartbeat.timeout", defaultValue = "PT9S")
  String heartbeatTimeout;

  @Inject
  @ConfigProperty(name = "engagement.heartbeat.queue-capacity", defaultValue = "2000")
  String queueCapacity;

  @Inject
  @ConfigProperty(name = "engagement.heartbeat.gather", defaultValue = "PT0.002S")
  String gather;

  @Inject
  @ConfigProperty(name = "engagement.retention", defaultValue = " ")
  String retention;

  @Inject
  @ConfigProperty(name = "engagement.db.read-lag-notice", defaultValue = "PT1M")
  String readLagNotice;

  private Duration lagNotice;

  private SessionRules rules;
  private Optional<Period> kept;
  private ZoneId zone;
  private HeartbeatLimits limits;

  @PostConstruct
  void read() {
    Duration gap =
        DurationSetting.parse(
            "engagement.session-gap", sessionGap, Duration.ofSeconds(1), null, "PT30M");
    int threshold;
    try {
      threshold = Integer.parseInt(completionThreshold.strip());
    } catch (NumberFormatException e) {
      threshold = -1;
    }
    if (threshold < 1 || threshold > 100) {
      throw new IllegalStateException(
          "engagement.completion-threshold-percent must be a whole number from 1 to 100, was '"
              + completionThreshold
              + "'");
    }
    rules = new SessionRules(gap, threshold);
    try {
      zone = ZoneId.of(timeZone.strip());
    } catch (DateTimeException e) {
      throw new IllegalStateException(
          "engagement.time-zone must be a zone id such as UTC or Europe/Berlin, was '"
              + timeZone
              + "'");
    }
    limits = HeartbeatLimits.parse(heartbeatTimeout, queueCapacity, gather);
    kept = parseRetention(retention);
    lagNotice =
        DurationSetting.parse(
            "engagement.db.read-lag-notice", readLagNotice, Duration.ZERO, null, "PT1M");
    LOG.info(
        () ->
            "Session rules: gap "
                + rules.gap()
                + ", completion at "
                + rules.completionThresholdPercent()
                + " %");
  }

  /** {@code engagement.retention}: blank keeps everything; else a positive ISO-8601 period. */
  static Optional<Period> parseRetention(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    Period period;
    try {
      period = Period.parse(text.strip());
    } catch (DateTimeParseException e) {
      period = Period.ZERO;
    }
    if (period.isNegative() || period.isZero() || period.getYears() > 1000) {
      throw new IllegalStateException(
          "engagement.retention must be a positive ISO-8601 period such as P1Y or P400D, or unset"
              + " to keep everything; was '"
              + text
              + "'");
    }
    return Optional.of(period);
  }

  /** How far behind the reports' database may be before the pages say so. */
  Duration readLagNotice() {
    return lagNotice;
  }

  /** How long raw sessions are kept, if not for ever. */
  Optional<Period> retention() {
    return kept;
  }

  @Produces
  SessionRules rules() {
    return rules;
  }

  ZoneId zone() {
    return zone;
  }

  HeartbeatLimits limits() {
    return limits;
  }
}
