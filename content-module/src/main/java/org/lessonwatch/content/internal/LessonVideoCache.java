package org.lessonwatch.content.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;
import java.util.function.Function;
import org.lessonwatch.content.CatalogChanged;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.content.LessonVideo;

/**
 * Keeps lesson look-ups off the database on the heartbeat path. Entries are dropped after the
 * writing transaction commits; a load racing with that drop is harmless because Caffeine's
 * invalidation waits for an in-flight load of the same key and then removes its result. The expiry
 * bounds staleness when another server node changes the catalogue.
 */
@ApplicationScoped
class LessonVideoCache {

  /**
   * What the catalogue said about a lesson: it may not exist, or exist without a video ({@code
   * video} is then {@code null}).
   */
  record Entry(boolean exists, LessonVideo video) {
    static final Entry MISSING = new Entry(false, null);
  }

  private final Cache<ContentRef, Entry> entries =
      Caffeine.newBuilder().maximumSize(200_000).expireAfterWrite(Duration.ofMinutes(10)).build();

  Entry get(ContentRef ref, Function<ContentRef, Entry> loader) {
    return entries.get(ref, loader);
  }

  void onCatalogChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) CatalogChanged change) {
    if (change.lesson() != null) {
      entries.invalidate(change.lesson());
    }
  }
}
