package org.lessonwatch.engagement.internal;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lessonwatch.engagement.DurationSetting;
import org.lessonwatch.engagement.EngagementStartup;

/**
 * Runs the roll-up of settled sessions in the background: every interval, batches of sessions go
 * through {@code settle_sessions} (R__session_rollup_functions.sql) until none is left. Any number
 * of nodes may run it at once: their batches take turns under an advisory lock ({@link
 * RollupStore}), and a heartbeat's session is left for a later batch ({@code SKIP LOCKED}).
 */
@ApplicationScoped
class SessionRollups implements EngagementStartup {

  private static final Logger LOG = Logger.getLogger(SessionRollups.class.getName());

  /** Sessions per transaction: short enough never to hold up heartbeats for long. */
  static final int BATCH = 2000;

  @Resource ManagedScheduledExecutorService executor;

  @Inject RollupStore store;

  @Inject EngagementSettings settings;

  @Inject Clock clock;

  @Inject EngagementMetrics metrics;

  @Inject SqlEngagementAnalytics reports;

  @Inject
  @ConfigProperty(name = "engagement.rollup-interval", defaultValue = "PT30S")
  String interval;

  private ScheduledFuture<?> job;
  private volatile boolean failing;

  private Duration every;

  @Override
  public void checkConfiguration() {
    settings.rules();
    every =
        DurationSetting.parse(
            "engagement.rollup-interval", interval, DurationSetting.SHORTEST, null, "PT30S");
  }

  @Override
  public synchronized void startRollups(Duration lockTimeout) {
    if (every == null) {
      checkConfiguration();
    }
    if (store.prepare(settings.zone().getId(), lockTimeout)) {
      LOG.warning(
          "Session roll-ups were made for another engagement.time-zone: rebuilding them for "
              + settings.zone().getId()
              + " (reports stay exact meanwhile, only slower)");
    }
    if (job == null) {
      metrics.gauge(
          "lessonwatch_rollup_lag_seconds",
          "Seconds since the session that has waited longest to be rolled up was settled"
              + " (0 when none waits; NaN when the database does not answer)",
          this,
          SessionRollups::lagSeconds);
      metrics.gauge(
          "lessonwatch_report_db_lag_seconds",
          "Seconds the database the reports read (engagement.db.read-url) may be behind the"
              + " primary: 0 on the primary and on a replica that has replayed all it streamed"
              + " (NaN when it does not answer)",
          reports,
          SessionRollups::replicaLagSeconds);
      job =
          executor.scheduleWithFixedDelay(
              this::settleAll, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Rolls up every session settled by now, batch after batch. */
  void settleAll() {
    try {
      int settled;
      do {
        long started = System.nanoTime();
        settled =
            store.settle(
                clock.instant().minus(settings.rules().gap()), settings.zone().getId(), BATCH);
        metrics.rollupBatch(System.nanoTime() - started);
      } while (settled == BATCH);
      purgeOld();
      if (failing) {
        LOG.info("Session roll-ups are running again");
        failing = false;
      }
    } catch (RuntimeException e) {
      // the database may be down; the next run catches up. Logged once, not every interval.
      if (!failing) {
        LOG.log(Level.WARNING, "Rolling up settled sessions failed; retrying every interval", e);
        failing = true;
      }
    }
  }

  /**
   * How long the session that has waited longest for the job has been settled: a job that has
   * stopped or falls behind shows here, growing, before the reports slow down.
   */
  double lagSeconds() {
    try {
      Instant now = clock.instant();
      Instant oldest = store.oldestUnrolledSettledAt(now, settings.rules().gap());
      return oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).toMillis() / 1000.0);
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  /**
   * How far the reports' database is behind the primary, read at each scrape: a replica that stops
   * streaming or replaying shows here before anyone opens a page.
   */
  private static double replicaLagSeconds(SqlEngagementAnalytics reports) {
    try {
      return reports.replicaLag().toMillis() / 1000.0;
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  /**
   * With {@code engagement.retention}, deletes the rolled-up sessions that started before the
   * retention window (whole days, in the roll-ups' zone), batch after batch.
   */
  private void purgeOld() {
    if (settings.retention().isEmpty()) {
      return;
    }
    LocalDate cutoffDay = keptSince(settings, clock).orElseThrow();
    Instant cutoff = cutoffDay.atStartOfDay(settings.zone()).toInstant();
    while (store.purge(cutoff, cutoffDay, BATCH) >= BATCH) {
      // another batch
    }
  }

  /** The first day whose sessions are kept, with {@code engagement.retention}. */
  static Optional<LocalDate> keptSince(EngagementSettings settings, Clock clock) {
    return settings
        .retention()
        .map(period -> LocalDate.now(clock.withZone(settings.zone())).minus(period));
  }

  @PreDestroy
  synchronized void stop() {
    if (job != null) {
      job.cancel(false);
    }
  }
}
