package org.lessonwatch.content.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Function;
import org.lessonwatch.content.CatalogChanged;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.content.LessonVideo;

/**
 * Keeps lesson look-ups off the database on the heartbeat path. Entries are dropped when a lesson
 * changes on any node: after the writing transaction commits on this one, and when the change is
 * announced through PostgreSQL ({@link CatalogNotifications}) on the others, within a moment of its
 * commit. A load racing with that drop is harmless because Caffeine's invalidation waits for an
 * in-flight load of the same key and then removes its result. While this node is not receiving
 * announcements, new entries are kept for {@link #MISS_LIFETIME} only. The expiries are a backstop
 * only: an unknown lesson is remembered for {@link #MISS_LIFETIME}, a known one for {@link
 * #HIT_LIFETIME}.
 */
@ApplicationScoped
class LessonVideoCache {

  static final Duration MISS_LIFETIME = Duration.ofSeconds(5);
  static final Duration HIT_LIFETIME = Duration.ofMinutes(10);

  /**
   * What the catalogue said about a lesson: it may not exist, or exist without a video ({@code
   * video} is then {@code null}).
   */
  record Entry(boolean exists, LessonVideo video) {
    static final Entry MISSING = new Entry(false, null);
  }

  @Inject CatalogNotifications notifications;

  private final Cache<ContentRef, Entry> entries =
      Caffeine.newBuilder()
          .maximumSize(200_000)
          .expireAfter(
              Expiry.<ContentRef, Entry>creating(
                  (ref, entry) ->
                      entry.exists() && notifications.listening() ? HIT_LIFETIME : MISS_LIFETIME))
          .build();

  @PostConstruct
  void listenForChanges() {
    notifications.listen(entries::invalidate, entries::invalidateAll);
  }

  Entry get(ContentRef ref, Function<ContentRef, Entry> loader) {
    return entries.get(ref, loader);
  }

  void onCatalogChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) CatalogChanged change) {
    if (change.lesson() != null) {
      entries.invalidate(change.lesson());
    }
  }
}
