package org.lessonwatch.web.testing;

import java.io.File;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The WAR exactly as built, plus one more configuration source that takes precedence over its own
 * defaults: the test database, this run's JWT key and whatever a test class changes (such as a
 * short session gap). Keys a test leaves out keep the WAR's shipped defaults.
 */
public final class Deployments {

  private Deployments() {}

  public static WebArchive engagementWar() {
    return engagementWar(Map.of());
  }

  public static WebArchive engagementWar(Map<String, String> overrides) {
    awaitPreviousServersExit();
    return testWar(overrides);
  }

  /** The WAR of {@link #engagementWar(Map)}, for a server that runs beside this class's own. */
  static WebArchive testWar(Map<String, String> overrides) {
    Map<String, String> config = databaseSettings();
    config.put("mp.jwt.verify.publickey", TestTokens.publicKey());
    config.put("mp.jwt.verify.issuer", TestTokens.ISSUER);
    config.put("engagement.session-gap", "PT30M");
    config.put("engagement.completion-threshold-percent", "90");
    config.put("engagement.time-zone", "UTC");
    // settled sessions move into the roll-ups within a second, so tests read both paths
    config.put("engagement.rollup-interval", "PT1S");
    // each class's server is stopped by a signal: a short grace keeps the suite quick
    config.put("engagement.shutdown.grace", "PT0.5S");
    config.putAll(overrides);
    return war(config);
  }

  /** The WAR as an admin might first deploy it: database settings only, no token settings. */
  public static WebArchive engagementWarWithoutTokenSettings() {
    awaitPreviousServersExit();
    return war(databaseSettings());
  }

  private static Map<String, String> databaseSettings() {
    Map<String, String> config = new LinkedHashMap<>();
    // Above environment variables (300), so a developer's own ENGAGEMENT_* settings stay out.
    config.put("config_ordinal", "500");
    config.put("engagement.db.url", TestDatabase.url());
    config.put("engagement.db.user", TestDatabase.user());
    config.put("engagement.db.password", TestDatabase.password());
    // ready at once: a test that measures or checks the warm-up turns it on (WarmUpIT)
    config.put("engagement.startup.warm-up", "PT0S");
    return config;
  }

  /**
   * The Arquillian adapter stops a class's server with a signal and does not wait for it to exit,
   * so the next class's server could start while the last one still holds database connections and
   * locks, or runs a roll-up batch. Each deployment therefore waits first (at most a minute) until
   * no earlier Payara Micro of this JVM is running: the order and timing of test classes cannot
   * matter.
   */
  private static void awaitPreviousServersExit() {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    List<ProcessHandle> running;
    while (!(running = previousServers()).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "an earlier test class's Payara Micro has not exited after a minute: pid "
                + running.get(0).pid());
      }
      try {
        running.get(0).onExit().get(1, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        // check again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (ExecutionException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static List<ProcessHandle> previousServers() {
    return ProcessHandle.current()
        .children()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().orElse("").contains("payara-micro"))
        .toList();
  }

  private static WebArchive war(Map<String, String> config) {
    String properties =
        config.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n", "", "\n"));
    WebArchive war =
        ShrinkWrap.create(ZipImporter.class, "engagement.war")
            .importFrom(new File(System.getProperty("engagement.war", "target/engagement.war")))
            .as(WebArchive.class);
    return war.addAsLibrary(
        ShrinkWrap.create(JavaArchive.class, "test-settings.jar")
            .addAsManifestResource(new StringAsset(properties), "microprofile-config.properties"));
  }
}
