package org.lessonwatch.web.lti;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lessonwatch.web.roster.Rosters;

/**
 * Keeps the rosters of launched LMS courses fresh: an instructor's launch that names a memberships
 * URL refreshes that LMS course's roster unless some node did in the last {@link #REFRESH_EVERY}.
 * The refresh runs after the launch has answered, on {@link #WORKERS} threads of its own with room
 * for {@link #QUEUED} more, and is abandoned after {@link #DEADLINE}; a platform that is down or
 * refuses only leaves the last roster in place with the failure beside it, which the pages show.
 */
@ApplicationScoped
public class RosterSync {

  private static final Logger LOG = Logger.getLogger(RosterSync.class.getName());

  static final Duration REFRESH_EVERY = Duration.ofMinutes(5);
  static final Duration DEADLINE = Duration.ofMinutes(2);
  static final int WORKERS = 2;
  static final int QUEUED = 64;

  @Inject Rosters rosters;

  @Inject RosterFetch fetch;

  @Inject Clock clock;

  @Resource ManagedThreadFactory threads;

  @Resource ManagedScheduledExecutorService scheduler;

  private ThreadPoolExecutor workers;

  @PostConstruct
  void start() {
    workers =
        new ThreadPoolExecutor(
            WORKERS,
            WORKERS,
            1,
            TimeUnit.MINUTES,
            new ArrayBlockingQueue<>(QUEUED),
            threads,
            new ThreadPoolExecutor.AbortPolicy());
    workers.allowCoreThreadTimeOut(true);
  }

  @PreDestroy
  void stop() {
    workers.shutdownNow();
  }

  /** After an accepted instructor launch: refreshes its LMS course's roster if it is due. */
  public void launched(LtiPlatform platform, Launch launch) {
    String url = launch.membershipsUrl();
    if (url == null
        || !rosters.claimRefresh(
            platform.platformId(), launch.contextId(), url, clock.instant(), REFRESH_EVERY)) {
      return;
    }
    try {
      Future<?> refresh = workers.submit(() -> refresh(platform, launch.contextId(), url));
      scheduler.schedule(() -> refresh.cancel(true), DEADLINE.toSeconds(), TimeUnit.SECONDS);
    } catch (RejectedExecutionException e) {
      rosters.failed(
          platform.platformId(),
          launch.contextId(),
          clock.instant(),
          "too many rosters were being fetched at once; the next launch tries again",
          true);
    }
  }

  private void refresh(LtiPlatform platform, String contextId, String url) {
    String platformId = platform.platformId();
    String failure;
    try {
      rosters.replace(platformId, contextId, fetch.fetch(platform, url), clock.instant());
      return;
    } catch (RosterUnavailable e) {
      failure = e.getMessage();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, e, () -> "Roster of " + platformId + " " + contextId + " failed");
      failure = "an error in Lessonwatch (see the server log)";
    }
    // Cancelled at the deadline: the interrupt ended the fetch, and must not end the write too.
    if (Thread.interrupted()) {
      failure = "the LMS took longer than " + DEADLINE.toMinutes() + " minutes to give the roster";
    }
    String why = failure;
    LOG.warning(() -> "Roster of " + platformId + " " + contextId + " not fetched: " + why);
    rosters.failed(platformId, contextId, clock.instant(), failure, false);
  }
}
