package org.lessonwatch.web.startup;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lessonwatch.content.ContentCatalog;
import org.lessonwatch.content.CourseListing;
import org.lessonwatch.content.LessonListing;
import org.lessonwatch.engagement.DurationSetting;
import org.lessonwatch.web.access.Roles;
import org.lessonwatch.web.rest.auth.BearerTokens;
import org.lessonwatch.web.rest.auth.RehearsalTokens;

/**
 * Warms the server up before it says it is ready: for {@code engagement.startup.warm-up} after
 * start-up, it sends itself, over HTTP, what players and report readers send (heartbeats from
 * {@value #CONNECTIONS} connections at once, and a report call in every {@value #REPORT_EVERY}), so
 * that the JIT has started on the hot paths (HTTP, token check, JSON, group write, report queries)
 * and the database connections are open before the first player arrives. A freshly started JVM
 * answered a third of its warm throughput in its first 30 s; with the JVM compiling with C2 only
 * ({@code -XX:-TieredCompilation}, which spends the warm-up on the compilation that counts), a
 * minute of warm-up raised that to about two thirds, and two minutes to 0.9 or more of the same
 * server's warm figure 25–30 s after readiness: the rehearsals themselves ran about three times as
 * fast in the second minute as in the first, once C2 had compiled their paths (docs/operations.md,
 * "Warm-up").
 *
 * <p>Nothing of it is stored: its tokens are signed with a key made for this warm-up and held by
 * nothing else ({@link BearerTokens#startRehearsals}), and the heartbeats of such tokens are
 * rehearsed in transactions that are rolled back. When the warm-up ends, those tokens stop passing
 * and {@code /health/ready} turns {@code UP}. Requests from elsewhere are served meanwhile as
 * usual; a load balancer sends none before readiness.
 */
@ApplicationScoped
public class WarmUp {

  private static final Logger LOG = Logger.getLogger(WarmUp.class.getName());

  /**
   * Requests in flight at once (64 gave no more heartbeats a second: the cold code's CPU is the
   * limit).
   */
  static final int CONNECTIONS = 32;

  /** One request in this many is a report call. */
  static final int REPORT_EVERY = 20;

  /** Learners the warm-up plays as, and lessons it plays. */
  static final int LEARNERS = 500;

  static final int LESSONS = 200;

  static final Duration MAX_DURATION = Duration.ofMinutes(10);

  /** How long to wait for this server's own HTTP listener to answer. */
  static final Duration LISTENER_WAIT = Duration.ofMinutes(2);

  private static final String LEARNER_PREFIX = "lessonwatch-warm-up-";

  @Inject
  @ConfigProperty(name = "engagement.startup.warm-up", defaultValue = "PT2M")
  String durationSetting;

  @Inject
  @ConfigProperty(name = "engagement.startup.warm-up.url")
  Optional<String> urlSetting;

  @Inject BearerTokens tokens;

  @Inject ContentCatalog catalog;

  @Inject StartupState state;

  @Resource ManagedThreadFactory threads;

  private Duration duration;

  /** The application's context path, once its web module has started ({@link StartupGate}). */
  static volatile String contextPath;

  /**
   * @throws IllegalStateException naming the key, if its value is not a duration from 0 to 10 min
   */
  void checkConfiguration() {
    duration =
        DurationSetting.parse(
            "engagement.startup.warm-up", durationSetting, Duration.ZERO, MAX_DURATION, "PT2M");
    urlSetting.ifPresent(
        url -> {
          if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalStateException(
                "engagement.startup.warm-up.url must be an http:// or https:// URL of this"
                    + " server's application root, was '"
                    + url
                    + "'");
          }
        });
  }

  /**
   * Starts the warm-up in a thread of its own, unless it is switched off or no token key is
   * configured (no player could be served anyway); readiness waits for it.
   */
  void start() {
    if (duration.isZero()) {
      return;
    }
    if (!tokens.configured()) {
      LOG.info("No warm-up: no token key is configured, so no heartbeat could be recorded");
      return;
    }
    state.warmingUp();
    Thread thread =
        threads.newThread(
            () -> {
              try {
                run();
              } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "The warm-up failed; the server is ready without it", e);
              } finally {
                tokens.endRehearsals();
                state.warmedUp();
              }
            });
    thread.setName("lessonwatch-warm-up");
    thread.start();
  }

  /**
   * The configured URL, else this server's HTTP port on localhost with the application's context
   * path; {@code null} while the web module has not started.
   */
  private String baseUrl() {
    String path = contextPath;
    if (urlSetting.isEmpty() && path == null) {
      return null;
    }
    String url =
        urlSetting.orElseGet(
            () ->
                "http://localhost:"
                    + ConfigProvider.getConfig()
                        .getOptionalValue("payara.instance.http.port", Integer.class)
                        .orElse(8080)
                    + path);
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private void run() {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    String base = listening(http);
    if (base == null) {
      LOG.warning(
          () ->
              "No warm-up: "
                  + Optional.ofNullable(baseUrl()).orElse("this server")
                  + "/health/live did not answer within "
                  + LISTENER_WAIT.toSeconds()
                  + " s; set engagement.startup.warm-up.url to this server's own URL");
      return;
    }
    List<CourseListing> courses = catalog.allCourses();
    List<LessonListing> lessons =
        catalog
            .lessonsOf(courses.stream().map(CourseListing::courseId).collect(Collectors.toSet()))
            .stream()
            .filter(LessonListing::hasVideo)
            .limit(LESSONS)
            .toList();
    if (lessons.isEmpty()) {
      LOG.info("No warm-up: the catalogue has no lesson with a video yet");
      return;
    }
    RehearsalTokens minter = tokens.startRehearsals();
    Duration validity = duration.plusMinutes(5);
    List<String> learners =
        IntStream.range(0, LEARNERS)
            .mapToObj(i -> minter.mint(LEARNER_PREFIX + i, List.of(), validity))
            .toList();
    String admin = minter.mint(LEARNER_PREFIX + "admin", List.of(Roles.ADMIN), validity);
    var load = new Load(http, base, learners, admin, lessons);
    long started = System.nanoTime();
    long deadline = started + duration.toNanos();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < CONNECTIONS; i++) {
      int seed = i;
      Thread worker = threads.newThread(() -> load.run(seed, deadline));
      worker.setName("lessonwatch-warm-up-" + i);
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      try {
        worker.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    long seconds = Math.max(1, Duration.ofNanos(System.nanoTime() - started).toSeconds());
    LOG.info(
        () ->
            "Warm-up done in "
                + seconds
                + " s: "
                + load.heartbeats.sum()
                + " heartbeats rehearsed (nothing stored, "
                + load.heartbeats.sum() / seconds
                + "/s) and "
                + load.reports.sum()
                + " report calls; answers by status: "
                + new TreeMap<>(load.byStatus)
                    .entrySet().stream()
                        .map(e -> e.getKey() + " × " + e.getValue().sum())
                        .collect(Collectors.joining(", ")));
  }

  /**
   * The server's own URL once it answers there, waiting for its listener and this application;
   * {@code null} if it did not within {@link #LISTENER_WAIT} or the server is stopping.
   */
  private String listening(HttpClient http) {
    long deadline = System.nanoTime() + LISTENER_WAIT.toNanos();
    while (System.nanoTime() < deadline && !state.isStopping()) {
      String base = baseUrl();
      try {
        if (base != null
            && state.isStarted()
            && http.send(
                        HttpRequest.newBuilder(URI.create(base + "/health/live")).GET().build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 200) {
          return base;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  /** What the warm-up's connections send, and what they were answered. */
  private final class Load {
    private final HttpClient http;
    private final URI heartbeat;
    private final String base;
    private final List<String> learners;
    private final String admin;
    private final List<LessonListing> lessons;

    /**
     * One factory for every body: {@code Json.createObjectBuilder()} looks its provider up anew on
     * each call, through the application's class loader, which was 6 % of the CPU in a warm-up.
     */
    private final JsonBuilderFactory json = Json.createBuilderFactory(Map.of());

    final LongAdder heartbeats = new LongAdder();
    final LongAdder reports = new LongAdder();
    final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();

    Load(
        HttpClient http,
        String base,
        List<String> learners,
        String admin,
        List<LessonListing> lessons) {
      this.http = http;
      this.base = base;
      this.heartbeat = URI.create(base + "/api/v1/videos/engagement/heartbeat");
      this.learners = learners;
      this.admin = admin;
      this.lessons = lessons;
    }

    void run(int seed, long deadline) {
      var random = new SplittableRandom(seed);
      for (long n = 0; System.nanoTime() < deadline && !state.isStopping(); n++) {
        LessonListing lesson = lessons.get(random.nextInt(lessons.size()));
        try {
          int status;
          if (n % REPORT_EVERY == REPORT_EVERY - 1) {
            status = send(report(lesson));
            reports.increment();
          } else {
            status = send(heartbeat(random, lesson));
            heartbeats.increment();
          }
          byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
          if (status == 200 && !state.isWarmUpAnswered()) {
            state.warmUpAnswered();
          }
        } catch (IOException e) {
          byStatus.computeIfAbsent(0, s -> new LongAdder()).increment(); // no answer
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    private int send(HttpRequest request) throws IOException, InterruptedException {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A player somewhere in the video, with the last second played; now and then at its end. */
    private HttpRequest heartbeat(SplittableRandom random, LessonListing lesson) {
      int length = lesson.durationSec() == null ? 600 : Math.max(2, lesson.durationSec());
      double position = random.nextInt(1, length);
      var body =
          json.createObjectBuilder()
              .add("content_kind", lesson.ref().kind().wireName())
              .add("content_id", lesson.ref().id())
              .add("position_sec", position)
              .add("duration_sec", length)
              .add("ended", random.nextInt(50) == 0)
              .add(
                  "played",
                  json.createArrayBuilder()
                      .add(json.createArrayBuilder().add(position - 1).add(position)))
              .build();
      return HttpRequest.newBuilder(heartbeat)
          .timeout(Duration.ofSeconds(10))
          .header("Authorization", "Bearer " + learners.get(random.nextInt(learners.size())))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
          .build();
    }

    /** The summary of the lesson's course, as an admin reads it. */
    private HttpRequest report(LessonListing lesson) {
      return HttpRequest.newBuilder(
              URI.create(
                  base
                      + "/api/v1/videos/engagement/analytics/summary?course_id="
                      + lesson.courseId()))
          .timeout(Duration.ofSeconds(10))
          .header("Authorization", "Bearer " + admin)
          .GET()
          .build();
    }
  }
}
