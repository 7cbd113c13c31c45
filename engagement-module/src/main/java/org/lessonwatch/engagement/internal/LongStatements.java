package org.lessonwatch.engagement.internal;

import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.function.Supplier;
import org.hibernate.Session;

/**
 * Lifts the pool's statement and network timeouts (see the web module's {@code
 * DataSourceConfiguration}: 7 s and 8 s), which are set for the request paths, for background and
 * maintenance work that may legitimately run longer at millions of sessions: a roll-up batch under
 * load, a time-zone reset of the roll-ups, a course's learners rebuilt when a lesson moves. Lock
 * waits stay bounded by {@code lock_timeout}. The statement timeout is set for the rest of the
 * transaction ({@code set_config(…, true)}); the network timeout, which belongs to the pooled
 * connection, is a little longer, so that PostgreSQL's clean cancellation comes first, and is put
 * back before the work returns.
 */
final class LongStatements {

  /** For work that may take as long as it takes (its lock waits are bounded elsewhere). */
  static final Duration UNBOUNDED = Duration.ZERO;

  private static final Duration NETWORK_MARGIN = Duration.ofSeconds(10);

  private LongStatements() {}

  /**
   * Runs {@code work} with statements cancelled after {@code limit} ({@link #UNBOUNDED}: never).
   */
  static <T> T within(EntityManager em, Duration limit, Supplier<T> work) {
    Session session = em.unwrap(Session.class);
    int network = limit.isZero() ? 0 : (int) limit.plus(NETWORK_MARGIN).toMillis();
    int[] before = new int[1];
    session.doWork(
        connection -> {
          before[0] = connection.getNetworkTimeout();
          connection.setNetworkTimeout(Runnable::run, network);
        });
    try {
      em.createNativeQuery("SELECT set_config('statement_timeout', ?1, true)")
          .setParameter(1, limit.toMillis() + "ms")
          .getSingleResult();
      return work.get();
    } finally {
      session.doWork(connection -> connection.setNetworkTimeout(Runnable::run, before[0]));
    }
  }
}
