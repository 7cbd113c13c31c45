package org.lessonwatch.web.testing;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The WAR exactly as built, with its configuration file replaced: the test database, this run's JWT
 * key and whatever a test class changes (such as a short session gap).
 */
public final class Deployments {

  private static final String CONFIG = "WEB-INF/classes/META-INF/microprofile-config.properties";

  private Deployments() {}

  public static WebArchive engagementWar() {
    return engagementWar(Map.of());
  }

  public static WebArchive engagementWar(Map<String, String> overrides) {
    Map<String, String> config = new LinkedHashMap<>();
    // Above environment variables (300), so a developer's own ENGAGEMENT_* settings stay out.
    config.put("config_ordinal", "500");
    config.put("engagement.db.url", TestDatabase.url());
    config.put("engagement.db.user", TestDatabase.user());
    config.put("engagement.db.password", TestDatabase.password());
    config.put("mp.jwt.verify.publickey", TestTokens.publicKey());
    config.put("mp.jwt.verify.issuer", TestTokens.ISSUER);
    config.put("engagement.session-gap", "PT30M");
    config.put("engagement.completion-threshold-percent", "90");
    config.put("engagement.time-zone", "UTC");
    config.putAll(overrides);
    String properties =
        config.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n", "", "\n"));

    WebArchive war =
        ShrinkWrap.create(ZipImporter.class, "engagement.war")
            .importFrom(new File(System.getProperty("engagement.war", "target/engagement.war")))
            .as(WebArchive.class);
    war.delete(CONFIG);
    war.add(new StringAsset(properties), CONFIG);
    return war;
  }
}
