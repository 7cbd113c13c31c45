package org.lessonwatch.web.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of the server's {@code /metrics} (Prometheus text), read for the application's metrics
 * ({@code mp_scope="application"}).
 */
public record MetricsScrape(String text) {

  public static MetricsScrape of(ApiClient api) {
    ApiClient.Reply reply = api.get("/metrics", null);
    assertEquals(200, reply.status(), reply::toString);
    return new MetricsScrape(reply.body());
  }

  /**
   * A scrape once the counts have stopped moving: the server counts a request once its answer has
   * gone out, which may be a moment after the client has it.
   */
  public static MetricsScrape settled(ApiClient api) throws InterruptedException {
    MetricsScrape last = of(api);
    for (int i = 0; i < 50; i++) {
      Thread.sleep(100);
      MetricsScrape next = of(api);
      if (next.value("lessonwatch_heartbeats_total", "")
              == last.value("lessonwatch_heartbeats_total", "")
          && next.value("lessonwatch_report_ms_count", "")
              == last.value("lessonwatch_report_ms_count", "")) {
        return next;
      }
      last = next;
    }
    return last;
  }

  /** The first scrape within 30 s that {@code ready} accepts, else the last one. */
  public static MetricsScrape await(ApiClient api, Predicate<MetricsScrape> ready)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    MetricsScrape scrape = of(api);
    while (!ready.test(scrape) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      scrape = of(api);
    }
    return scrape;
  }

  /** The sum of the samples of {@code name} whose labels contain {@code label}; 0 if none. */
  public double value(String name, String label) {
    Matcher line =
        Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\}\\s+(\\S+)$", Pattern.MULTILINE)
            .matcher(text);
    double sum = 0;
    while (line.find()) {
      if (line.group(1).contains("mp_scope=\"application\"") && line.group(1).contains(label)) {
        sum += Double.parseDouble(line.group(2));
      }
    }
    return sum;
  }

  public double increase(MetricsScrape earlier, String name, String label) {
    return value(name, label) - earlier.value(name, label);
  }
}
