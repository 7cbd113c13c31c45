package org.lessonwatch.engagement;

import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.lessonwatch.content.ContentRef;

/**
 * Analytics over watch sessions, for any set of lessons (one lesson, a course's lessons, or
 * everything a caller may see: who may see what is the caller's business) and a date range on
 * session start. Computed in PostgreSQL, from roll-ups of the sessions that can no longer change
 * and from the others themselves.
 *
 * <p>Each report reads one snapshot of the database in a transaction of its own, or, called within
 * {@link #inOneSnapshot}, in that one. Call them outside any other transaction: the reports read
 * their own pool ({@code engagement.db.read-url}), which cannot join a transaction on the primary.
 */
public interface EngagementAnalytics {

  /** Points of a retention curve: as fine as players' own analytics. */
  int RETENTION_POINTS = 100;

  /**
   * Runs {@code reports}, calls of this interface's reports and nothing else that reads a database,
   * in one read-only transaction on one snapshot, and returns what it returns: the figures of a
   * page agree with each other even when the roll-up job settles sessions meanwhile, and the page
   * pays for one transaction and one connection instead of one per report.
   */
  <T> T inOneSnapshot(java.util.function.Supplier<T> reports);

  /** The zone in which date ranges and daily series are counted. */
  ZoneId zone();

  /**
   * With {@code engagement.retention}, the first day whose raw sessions are kept: before it, the
   * roll-ups' counters and distinct-learner steps remain, but no session rows.
   */
  java.util.Optional<java.time.LocalDate> keptSince();

  /**
   * How far the database the reports read ({@code engagement.db.read-url}) is behind the primary,
   * when that is more than {@code engagement.db.read-lag-notice}; empty otherwise.
   */
  java.util.Optional<java.time.Duration> replicaLagBeyondNotice();

  EngagementSummary summary(Collection<ContentRef> lessons, DateRange range);

  /** One row per lesson that had sessions in range. */
  List<LessonEngagement> byLesson(Collection<ContentRef> lessons, DateRange range);

  /**
   * Closed and dropped sessions per lesson with sessions in range: what ranking lessons by drop-off
   * needs, without the distinct-learner counts that make {@link #byLesson} costly over many
   * lessons.
   */
  List<LessonDropOff> dropOffs(Collection<ContentRef> lessons, DateRange range);

  RetentionCurve retention(Collection<ContentRef> lessons, DateRange range);

  /**
   * {@link #retention} of each lesson on its own, read together: lessons without sessions in range
   * are missing.
   */
  Map<ContentRef, RetentionCurve> retentionByLesson(
      Collection<ContentRef> lessons, DateRange range);

  /** One entry per day of the range, days without sessions included. */
  List<DailyActivity> daily(Collection<ContentRef> lessons, DateRange range);

  /** What the lesson's sessions in range actually played. */
  CoverageReport coverage(ContentRef lesson, DateRange range);

  /** The learners who watched the lesson in range, most recently seen first. */
  List<LearnerActivity> learners(ContentRef lesson, DateRange range);

  /**
   * At most {@code limit} learners of the lesson in range: those whose latest session started last,
   * in that order. Its cost does not grow with the lesson's sessions, unlike {@link #learners}.
   */
  List<LearnerActivity> latestLearners(ContentRef lesson, DateRange range, int limit);

  /**
   * Of {@code learners} (a course's roster), how many have started, and completed, the lesson, over
   * all their sessions: the dates of a report do not apply. One index probe per learner, whatever
   * the lesson's sessions.
   */
  Enrolment lessonEnrolment(ContentRef lesson, Collection<String> learners);

  /**
   * Of {@code learners}, how many have started, and completed, any lesson of the course, over all
   * their sessions: from the per-learner course roll-ups (one probe per learner) and the course's
   * unsettled sessions. Completion by coverage is not counted ({@code null}).
   */
  Enrolment courseEnrolment(long courseId, Collection<String> learners);

  /** The most sessions {@link #learnerSessions} answers: the latest ones. */
  int LEARNER_SESSIONS_SHOWN = 1_000;

  /**
   * One learner's sessions of the lessons that started in range, by lesson and number: at most
   * {@link #LEARNER_SESSIONS_SHOWN}, the latest. One index probe per lesson, whatever the lessons'
   * other sessions.
   */
  List<LearnerSession> learnerSessions(
      String learner, Collection<ContentRef> lessons, DateRange range);

  /** When the learner's latest heartbeat on any of the lessons came, whatever the dates. */
  java.util.Optional<java.time.Instant> lastSeen(String learner, Collection<ContentRef> lessons);

  /**
   * The course's learners who started it and have watched none of it on or after {@code
   * activeSince} (days in {@link #zone()}), longest inactive first, at most {@code limit}; from the
   * per-learner course roll-ups, so the cost grows with the course's learners, not its sessions.
   */
  List<InactiveLearner> inactiveLearners(
      long courseId, Collection<ContentRef> lessons, java.time.LocalDate activeSince, int limit);

  /** Which of {@code learners} ever had a session of the course. */
  java.util.Set<String> startedCourse(long courseId, Collection<String> learners);
}
