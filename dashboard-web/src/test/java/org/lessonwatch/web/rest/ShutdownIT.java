package org.lessonwatch.web.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lessonwatch.web.testing.ApiClient;
import org.lessonwatch.web.testing.ApiClient.Reply;
import org.lessonwatch.web.testing.Catalog;
import org.lessonwatch.web.testing.Catalog.LessonRef;
import org.lessonwatch.web.testing.Deployments;
import org.lessonwatch.web.testing.TestDatabase;
import org.lessonwatch.web.testing.Viewer;

/**
 * A real SIGTERM to the server while players send heartbeats: every answer during the shutdown is
 * 200 (and then durable) or 503 (retry elsewhere), never a 500 or the container's error page; a
 * connection refused once the server has closed its port is no answer at all. Then every 200 is in
 * the database.
 */
@ExtendWith(ArquillianExtension.class)
class ShutdownIT {

  static final int PLAYERS = 16;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.engagementWar(Map.of("engagement.shutdown.grace", "PT3S"));
  }

  @ArquillianResource URL base;

  @Test
  void aTerminatedServerAnswersEveryHeartbeatWith200Or503AndLosesNoAcknowledgedOne()
      throws Exception {
    ApiClient api = new ApiClient(base);
    LessonRef lesson = new Catalog(api).lmsLesson(6000);
    Map<String, AtomicInteger> acknowledged = new ConcurrentHashMap<>();
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    List<String> others = new ArrayList<>();
    ExecutorService players = Executors.newFixedThreadPool(PLAYERS);
    List<Future<?>> running = new ArrayList<>();
    for (int p = 0; p < PLAYERS; p++) {
      Viewer viewer = new Viewer(api, lesson);
      acknowledged.put(viewer.learner(), new AtomicInteger());
      running.add(
          players.submit(
              () -> {
                for (int second = 1; second < 6000; second++) {
                  Reply reply;
                  try {
                    reply = viewer.at(second);
                  } catch (UncheckedIOException e) {
                    return; // the server has closed its port: no answer
                  }
                  statuses
                      .computeIfAbsent(reply.status(), s -> new AtomicInteger())
                      .incrementAndGet();
                  if (reply.status() == 200) {
                    acknowledged.get(viewer.learner()).incrementAndGet();
                  } else if (reply.status() != 503) {
                    others.add(reply.toString());
                  }
                }
              }));
    }
    Thread.sleep(3000);
    ProcessHandle server = server();
    server.destroy(); // SIGTERM, as an orchestrator stops a node
    players.shutdown();
    assertTrue(players.awaitTermination(2, TimeUnit.MINUTES), "players stopped");
    assertTrue(server.onExit().get(1, TimeUnit.MINUTES) != null);
    for (Future<?> player : running) {
      player.get();
    }

    assertTrue(
        others.isEmpty(),
        () ->
            "answers other than 200 and 503: "
                + others.subList(0, Math.min(5, others.size()))
                + " of "
                + new TreeMap<>(statuses));
    assertTrue(statuses.getOrDefault(200, new AtomicInteger()).get() > PLAYERS, "under load");
    for (var learner : acknowledged.entrySet()) {
      Number stored =
          (Number)
              TestDatabase.value(
                  "SELECT coalesce(sum(heartbeat_count), 0) FROM watch_sessions WHERE learner_sub = ?",
                  learner.getKey());
      assertTrue(
          stored.intValue() >= learner.getValue().get(),
          () ->
              learner.getKey()
                  + ": "
                  + learner.getValue()
                  + " answered 200, "
                  + stored
                  + " stored");
    }
  }

  /** This class's Payara Micro, a child process of the test JVM. */
  private static ProcessHandle server() {
    List<ProcessHandle> servers =
        ProcessHandle.current()
            .children()
            .filter(p -> p.info().commandLine().orElse("").contains("payara-micro"))
            .toList();
    assertEquals(1, servers.size(), "one server");
    return servers.get(0);
  }
}
