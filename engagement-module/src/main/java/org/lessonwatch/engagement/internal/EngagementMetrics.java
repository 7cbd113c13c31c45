package org.lessonwatch.engagement.internal;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * The engagement module's application metrics, in {@code /metrics} with {@code
 * mp_scope="application"} (MicroProfile Metrics as Payara provides it): the heartbeat writers'
 * groups and queue, the roll-up job's batches and lag, and how far the reports' database is behind.
 * docs/operations.md says what each means and what to alert on. Times are histograms in
 * milliseconds: Payara 6.2025.10 prints a timer's {@code _sum} in seconds but its quantiles, mean
 * and max in nanoseconds.
 */
@ApplicationScoped
class EngagementMetrics {

  @Inject MetricRegistry registry;

  private final List<String> gauges = new CopyOnWriteArrayList<>();
  private Histogram groupSizes;
  private Histogram groupWrites;
  private Histogram rollupBatches;

  @PostConstruct
  void register() {
    groupSizes =
        registry.histogram(
            Metadata.builder()
                .withName("lessonwatch_heartbeat_group_size")
                .withDescription("Heartbeats written in one transaction by a heartbeat writer")
                .build());
    groupWrites =
        registry.histogram(
            Metadata.builder()
                .withName("lessonwatch_heartbeat_group_write_ms")
                .withDescription(
                    "Milliseconds of one group's transaction, from its start to its commit")
                .build());
    rollupBatches =
        registry.histogram(
            Metadata.builder()
                .withName("lessonwatch_rollup_batch_ms")
                .withDescription("Milliseconds of one roll-up batch (up to 2,000 settled sessions)")
                .build());
  }

  void groupWritten(int heartbeats, long nanos) {
    groupSizes.update(heartbeats);
    groupWrites.update(TimeUnit.NANOSECONDS.toMillis(nanos));
  }

  void rollupBatch(long nanos) {
    rollupBatches.update(TimeUnit.NANOSECONDS.toMillis(nanos));
  }

  /** A gauge read from {@code source} at each scrape; removed when the application stops. */
  <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
    registry.gauge(
        Metadata.builder().withName(name).withDescription(description).build(),
        source,
        each -> value.applyAsDouble(each));
    gauges.add(name);
  }

  /** A redeployment in the same server registers its own gauges, over its own objects. */
  @PreDestroy
  void unregister() {
    gauges.forEach(registry::remove);
    List.of(
            "lessonwatch_heartbeat_group_size",
            "lessonwatch_heartbeat_group_write_ms",
            "lessonwatch_rollup_batch_ms")
        .forEach(registry::remove);
  }
}
