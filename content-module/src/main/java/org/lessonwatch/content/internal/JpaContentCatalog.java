package org.lessonwatch.content.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.lessonwatch.content.CatalogChanged;
import org.lessonwatch.content.CatalogEditor;
import org.lessonwatch.content.ContentCatalog;
import org.lessonwatch.content.ContentNotFoundException;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.content.ContentWithoutVideoException;
import org.lessonwatch.content.CourseDetails;
import org.lessonwatch.content.CourseListing;
import org.lessonwatch.content.LessonDetails;
import org.lessonwatch.content.LessonListing;
import org.lessonwatch.content.LessonVideo;
import org.lessonwatch.content.UnknownCourseException;

/** The catalogue on JPA, with lesson videos served through {@link LessonVideoCache}. */
@ApplicationScoped
class JpaContentCatalog implements ContentCatalog, CatalogEditor {

  @PersistenceContext(unitName = "engagement")
  EntityManager em;

  @Inject LessonVideoCache cache;

  @Inject Event<CatalogChanged> changes;

  @Override
  public LessonVideo videoFor(ContentRef ref) {
    LessonVideoCache.Entry entry = cache.get(ref, this::load);
    if (!entry.exists()) {
      throw new ContentNotFoundException(ref);
    }
    if (entry.video() == null) {
      throw new ContentWithoutVideoException(ref);
    }
    return entry.video();
  }

  private LessonVideoCache.Entry load(ContentRef ref) {
    Lesson lesson = em.find(Lesson.class, LessonKey.of(ref));
    if (lesson == null) {
      return LessonVideoCache.Entry.MISSING;
    }
    return new LessonVideoCache.Entry(true, lesson.hasVideo() ? lesson.video(ref) : null);
  }

  @Override
  public Set<Long> coursesVisibleTo(String instructorSub) {
    return new HashSet<>(
        em.createQuery("select c.id from Course c join c.instructors i where i = :sub", Long.class)
            .setParameter("sub", instructorSub)
            .getResultList());
  }

  @Override
  public Optional<CourseDetails> course(long courseId) {
    return Optional.ofNullable(em.find(Course.class, courseId)).map(Course::details);
  }

  @Override
  public List<CourseListing> courses(Set<Long> courseIds) {
    if (courseIds.isEmpty()) {
      return List.of();
    }
    return em.createQuery(
            "select new org.lessonwatch.content.CourseListing(c.id, c.title) from Course c"
                + " where c.id in :ids order by c.title, c.id",
            CourseListing.class)
        .setParameter("ids", courseIds)
        .getResultList();
  }

  @Override
  public List<CourseListing> allCourses() {
    return em.createQuery(
            "select new org.lessonwatch.content.CourseListing(c.id, c.title) from Course c"
                + " order by c.title, c.id",
            CourseListing.class)
        .getResultList();
  }

  @Override
  public List<LessonListing> lessonsOf(Set<Long> courseIds) {
    if (courseIds.isEmpty()) {
      return List.of();
    }
    return em.createQuery(
            "select l from Lesson l where l.courseId in :ids order by l.courseId, l.title",
            Lesson.class)
        .setParameter("ids", courseIds)
        .getResultStream()
        .map(Lesson::listing)
        .toList();
  }

  @Override
  public Optional<LessonDetails> lesson(ContentRef ref) {
    return Optional.ofNullable(em.find(Lesson.class, LessonKey.of(ref))).map(Lesson::details);
  }

  @Override
  @Transactional
  public boolean putCourse(long courseId, CourseDetails details) {
    Course existing = em.find(Course.class, courseId);
    boolean created = existing == null;
    Course course = created ? new Course(courseId) : existing;
    course.replaceWith(details); // before persist(): Hibernate takes the insert's values there
    if (created) {
      em.persist(course);
    }
    changes.fire(new CatalogChanged(courseId, null));
    return created;
  }

  @Override
  @Transactional
  public boolean putLesson(ContentRef ref, LessonDetails details) {
    if (em.find(Course.class, details.courseId()) == null) {
      throw new UnknownCourseException(details.courseId());
    }
    Lesson existing = em.find(Lesson.class, LessonKey.of(ref));
    boolean created = existing == null;
    Lesson lesson = created ? new Lesson(ref) : existing;
    lesson.replaceWith(details); // before persist(): Hibernate takes the insert's values there
    if (created) {
      em.persist(lesson);
    }
    CatalogNotifications.announce(em, ref);
    changes.fire(new CatalogChanged(details.courseId(), ref));
    return created;
  }
}
