package org.lessonwatch.content.internal;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.lessonwatch.content.ContentKind;
import org.lessonwatch.content.ContentRef;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Tells every node which lessons changed, through PostgreSQL's LISTEN/NOTIFY: the writing
 * transaction announces the lesson ({@link #announce}, delivered when it commits, to every node
 * listening), and each node keeps one connection listening on a thread of its own. When that
 * connection fails (the database restarting, a network fault) and again once it listens again,
 * everything cached is dropped, since announcements may have been missed; meanwhile ({@link
 * #listening} false) the cache keeps entries only briefly.
 */
@ApplicationScoped
class CatalogNotifications {

  private static final Logger LOG = Logger.getLogger(CatalogNotifications.class.getName());

  static final String CHANNEL = "lessonwatch_catalog";

  /** How long one wait for announcements lasts before the connection is checked. */
  static final int WAIT_MILLIS = 5000;

  /** How long after a failure the next connection attempt waits. */
  static final long RETRY_MILLIS = 1000;

  @Resource(lookup = "java:app/jdbc/engagement")
  DataSource dataSource;

  @Resource ManagedThreadFactory threads;

  private volatile boolean listening;
  private volatile boolean closed;
  private Thread listener;

  /** Announces the lesson to every node's cache, when the caller's transaction commits. */
  static void announce(EntityManager em, ContentRef lesson) {
    em.createNativeQuery("SELECT pg_notify(?1, ?2)")
        .setParameter(1, CHANNEL)
        .setParameter(2, lesson.kind().wireName() + ":" + lesson.id())
        .getSingleResult();
  }

  /**
   * Starts listening, once; every announced lesson is passed to {@code changed}, and {@code
   * everything} runs whenever announcements may have been missed.
   */
  synchronized void listen(Consumer<ContentRef> changed, Runnable everything) {
    if (listener != null) {
      return;
    }
    listener = threads.newThread(() -> run(changed, everything));
    listener.setName("catalogue-notifications");
    listener.start();
  }

  /** Whether announcements are being received now, so that a cached entry can be trusted. */
  boolean listening() {
    return listening;
  }

  private void run(Consumer<ContentRef> changed, Runnable everything) {
    boolean failing = false;
    while (!closed) {
      try (Connection connection = dataSource.getConnection();
          Statement sql = connection.createStatement()) {
        sql.execute("LISTEN " + CHANNEL);
        PGConnection postgres = connection.unwrap(PGConnection.class);
        everything.run();
        listening = true;
        if (failing) {
          LOG.info("Listening for catalogue changes again");
          failing = false;
        }
        while (!closed) {
          PGNotification[] notes = postgres.getNotifications(WAIT_MILLIS);
          if (notes == null || notes.length == 0) {
            sql.execute("SELECT 1"); // a connection that no longer answers fails here
            continue;
          }
          for (PGNotification note : notes) {
            parse(note.getParameter()).ifPresentOrElse(changed, everything);
          }
        }
      } catch (SQLException | RuntimeException e) {
        listening = false;
        everything.run();
        if (!closed && !failing) {
          LOG.log(
              Level.WARNING,
              "Not listening for catalogue changes (cached lessons are kept 5 s only until it"
                  + " listens again): {0}",
              String.valueOf(e));
          failing = true;
        }
        sleep();
      }
    }
    listening = false;
  }

  static Optional<ContentRef> parse(String payload) {
    int colon = payload == null ? -1 : payload.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    try {
      long id = Long.parseLong(payload.substring(colon + 1));
      return ContentKind.fromWireName(payload.substring(0, colon))
          .map(kind -> new ContentRef(kind, id));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private void sleep() {
    try {
      Thread.sleep(RETRY_MILLIS);
    } catch (InterruptedException e) {
      // stop() interrupts to end the loop
    }
  }

  @PreDestroy
  synchronized void stop() {
    closed = true;
    if (listener != null) {
      listener.interrupt();
    }
  }
}
