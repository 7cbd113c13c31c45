package org.lessonwatch.engagement.internal;

import jakarta.persistence.EntityManager;
import java.util.function.Supplier;
import org.hibernate.Session;

/**
 * Lifts the pool's statement and network timeouts (see the web module's {@code
 * DataSourceConfiguration}: 7 s and 8 s) for work that may legitimately run for minutes at millions
 * of sessions: a time-zone reset of the roll-ups, a course's learners rebuilt when a lesson moves.
 * Lock waits stay bounded by {@code lock_timeout}. The statement timeout is lifted for the rest of
 * the transaction ({@code set_config(…, true)}); the network timeout, which belongs to the pooled
 * connection, is put back before the work returns.
 */
final class LongStatements {

  private LongStatements() {}

  static <T> T unbounded(EntityManager em, Supplier<T> work) {
    Session session = em.unwrap(Session.class);
    int[] before = new int[1];
    session.doWork(
        connection -> {
          before[0] = connection.getNetworkTimeout();
          connection.setNetworkTimeout(Runnable::run, 0);
        });
    try {
      em.createNativeQuery("SELECT set_config('statement_timeout', '0', true)").getSingleResult();
      return work.get();
    } finally {
      session.doWork(connection -> connection.setNetworkTimeout(Runnable::run, before[0]));
    }
  }
}
