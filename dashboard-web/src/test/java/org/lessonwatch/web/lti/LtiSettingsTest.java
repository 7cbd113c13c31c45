package org.lessonwatch.web.lti;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LtiSettingsTest {

  private static LtiSettings settings(String value) {
    LtiSettings settings = new LtiSettings();
    settings.setting = Optional.ofNullable(value);
    settings.configure();
    return settings;
  }

  @Test
  void aConfiguredToolUrlGivesTheLaunchUrlAndSecureCookies() {
    LtiSettings https = settings("https://lessonwatch.example.edu/");
    LtiSettings http = settings(" http://localhost:8080 ");

    assertDoesNotThrow(https::checkConfiguration);
    // the request is not consulted when the URL is configured
    assertEquals("https://lessonwatch.example.edu/lti/launch", https.launchUrl(null));
    assertTrue(https.secure(null));
    assertEquals("http://localhost:8080/lti/launch", http.launchUrl(null));
    assertFalse(http.secure(null));
  }

  @Test
  void refusesWhatIsNotABaseUrlNamingTheKey() {
    for (String value :
        new String[] {
          "lessonwatch.example.edu", "ftp://x.example", "https://x.example/?a=1", "%"
        }) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, settings(value)::checkConfiguration, value);
      assertTrue(e.getMessage().contains(LtiSettings.KEY), e::getMessage);
    }
    assertDoesNotThrow(settings(null)::checkConfiguration);
    assertDoesNotThrow(settings("  ")::checkConfiguration);
  }
}
