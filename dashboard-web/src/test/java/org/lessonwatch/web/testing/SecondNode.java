package org.lessonwatch.web.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;

/**
 * A second Payara Micro with the same WAR and settings on the same database, started by the test
 * itself beside the class's own server: the other node of a two-node deployment. Its log is kept in
 * {@code target/second-node-<port>.log}.
 */
public final class SecondNode implements AutoCloseable {

  private final Process process;
  private final int port;

  private SecondNode(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the node and waits (at most three minutes) until it is ready. */
  public static SecondNode start(Map<String, String> overrides) {
    SecondNode node = launch(overrides);
    node.awaitReady(Duration.ofMinutes(3));
    return node;
  }

  /** Starts the node without waiting for it. */
  public static SecondNode launch(Map<String, String> overrides) {
    try {
      Path dir = Files.createTempDirectory(Path.of("target"), "second-node");
      File war = dir.resolve("engagement.war").toFile();
      Deployments.testWar(overrides).as(ZipExporter.class).exportTo(war, true);
      int port = freePort();
      File log = Path.of("target", "second-node-" + port + ".log").toFile();
      Process process =
          new ProcessBuilder(
                  List.of(
                      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                      "-Xmx512m",
                      "-Djava.io.tmpdir=" + dir.toAbsolutePath(),
                      "-jar",
                      System.getProperty("payara.microJar", "target/payara-micro.jar"),
                      "--deploy",
                      war.getAbsolutePath(),
                      "--port",
                      String.valueOf(port),
                      "--nocluster"))
              .redirectErrorStream(true)
              .redirectOutput(log)
              .start();
      return new SecondNode(process, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URL url() {
    try {
      return new URL("http://127.0.0.1:" + port + "/");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The node's log so far. */
  public String log() {
    try {
      return Files.readString(Path.of("target", "second-node-" + port + ".log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the node is ready; stops it and fails if it is not within {@code atMost}. */
  public void awaitReady(Duration atMost) {
    ApiClient.Reply last = readiness(reply -> reply.status() == 200, atMost);
    if (last == null || last.status() != 200) {
      close();
      throw new IllegalStateException("the second node was not ready within " + atMost);
    }
  }

  /**
   * Polls the node's {@code /health/ready} until an answer passes {@code until} and returns it;
   * after {@code atMost}, the last answer ({@code null} if none came). Fails if the node exits.
   */
  public ApiClient.Reply readiness(Predicate<ApiClient.Reply> until, Duration atMost) {
    ApiClient api = new ApiClient(url());
    ApiClient.Reply last = null;
    long deadline = System.nanoTime() + atMost.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the second node exited: see target/second-node-" + port + ".log");
      }
      try {
        last = api.get("health/ready", null);
        if (until.test(last)) {
          return last;
        }
      } catch (UncheckedIOException e) {
        // not listening yet
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return last;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Stops the node and waits for it to exit. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(1, TimeUnit.MINUTES)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
