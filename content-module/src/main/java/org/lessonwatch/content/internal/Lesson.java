package org.lessonwatch.content.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.lessonwatch.content.ContentKind;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.content.LessonDetails;
import org.lessonwatch.content.LessonListing;
import org.lessonwatch.content.LessonVideo;

/**
 * An LMS or exam-prep lesson. The kind is kept as its wire name because JPA allows no converter on
 * an id attribute.
 */
@Entity
@Table(name = "lessons")
@IdClass(LessonKey.class)
public class Lesson {

  @Id
  @Column(name = "content_kind", length = 32)
  private String kind;

  @Id
  @Column(name = "content_id")
  private long id;

  @Column(name = "course_id", nullable = false)
  private long courseId;

  @Column(nullable = false, length = 500)
  private String title;

  @Column(name = "video_url", length = 2048)
  private String videoUrl;

  @Column(name = "duration_sec")
  private Integer durationSec;

  protected Lesson() {}

  Lesson(ContentRef ref) {
    this.kind = ref.kind().wireName();
    this.id = ref.id();
  }

  void replaceWith(LessonDetails details) {
    title = details.title();
    courseId = details.courseId();
    videoUrl = details.hasVideo() ? details.videoUrl().strip() : null;
    durationSec = details.durationSec();
  }

  LessonDetails details() {
    return new LessonDetails(title, courseId, videoUrl, durationSec);
  }

  LessonListing listing() {
    ContentRef ref =
        new ContentRef(
            ContentKind.fromWireName(kind)
                .orElseThrow(() -> new IllegalStateException("unknown kind " + kind)),
            id);
    return new LessonListing(ref, courseId, title, durationSec, hasVideo() ? videoUrl : null);
  }

  boolean hasVideo() {
    return videoUrl != null && !videoUrl.isBlank();
  }

  LessonVideo video(ContentRef ref) {
    return new LessonVideo(ref, courseId, videoUrl, durationSec);
  }
}
