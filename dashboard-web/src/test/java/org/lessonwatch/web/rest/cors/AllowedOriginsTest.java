package org.lessonwatch.web.rest.cors;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AllowedOriginsTest {

  private static AllowedOrigins origins(String setting) {
    AllowedOrigins origins = new AllowedOrigins();
    origins.setting = Optional.ofNullable(setting);
    origins.configure();
    return origins;
  }

  @Test
  void allowsNoOriginUnlessConfigured() {
    AllowedOrigins none = origins(null);

    assertDoesNotThrow(none::checkConfiguration);
    assertFalse(none.any());
    assertFalse(none.allows("https://lms.example.edu"));
    assertFalse(origins(" , ").any());
  }

  @Test
  void keepsEachOriginAsABrowserSendsIt() {
    AllowedOrigins origins =
        origins("HTTPS://LMS.Example.edu:443/ , http://localhost:9000,https://canvas.example:8443");

    assertDoesNotThrow(origins::checkConfiguration);
    assertTrue(origins.allows("https://lms.example.edu"));
    assertTrue(origins.allows("http://localhost:9000"));
    assertTrue(origins.allows("https://canvas.example:8443"));
    assertFalse(origins.allows("https://lms.example.edu:443"));
    assertFalse(origins.allows("http://lms.example.edu"));
    assertFalse(origins.allows("https://canvas.example"));
    assertFalse(origins.allows("null"));
    assertFalse(origins.allows(null));
  }

  @Test
  void refusesWhatIsNotAnOriginNamingTheKeyAndTheEntry() {
    for (String entry :
        new String[] {
          "*",
          "lms.example.edu",
          "ftp://lms.example.edu",
          "https://lms.example.edu/course",
          "https://user@lms.example.edu",
          "https://lms.example.edu?x=1",
          "https://lms.example.edu#top",
          "https://",
          "https://lms example.edu"
        }) {
      AllowedOrigins origins = origins("https://ok.example, " + entry);

      IllegalStateException e =
          assertThrows(IllegalStateException.class, origins::checkConfiguration, entry);

      assertTrue(e.getMessage().contains(AllowedOrigins.KEY), e::getMessage);
      assertTrue(e.getMessage().contains("'" + entry + "'"), e::getMessage);
      assertFalse(origins.allows("https://ok.example"), entry);
    }
  }

  @Test
  void normalizesDefaultPortsAway() {
    assertEquals(Optional.of("http://a.example"), AllowedOrigins.normalize("http://a.example:80"));
    assertEquals(
        Optional.of("http://a.example:443"), AllowedOrigins.normalize("http://a.example:443"));
    assertEquals(Optional.of("https://a.example"), AllowedOrigins.normalize("https://a.example/"));
  }
}
