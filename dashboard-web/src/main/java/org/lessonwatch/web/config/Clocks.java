package org.lessonwatch.web.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** The one source of "now" for every module, so that tests can control time. */
@ApplicationScoped
public class Clocks {

  @Produces
  Clock clock() {
    return Clock.systemUTC();
  }
}
