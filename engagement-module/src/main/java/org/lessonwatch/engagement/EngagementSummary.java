package org.lessonwatch.engagement;

/**
 * Headline metrics for a scope and date range, as docs/api.md defines them. A rate is {@code null}
 * when nothing can be divided by (no sessions, no closed sessions, no known durations).
 *
 * @param sessions sessions started in range
 * @param learners distinct learners among them
 * @param completedSessions sessions marked completed
 * @param returnSessions sessions with a number above 1 (replays)
 * @param closedSessions completed, ended, or idle longer than the session gap
 * @param droppedSessions closed sessions not completed
 * @param sessionsWithDuration sessions whose video duration is known
 * @param sessionsWithCoverage sessions with a known duration whose player reported played ranges
 * @param coverageCompletedSessions sessions whose distinct seconds watched reached the completion
 *     threshold of the duration
 * @param coverageCompletionRate coverage-completed sessions over sessions with coverage
 * @param skippedAheadSessions sessions complete by position but with under half the video watched
 */
public record EngagementSummary(
    long sessions,
    long learners,
    long completedSessions,
    long returnSessions,
    long closedSessions,
    long droppedSessions,
    long sessionsWithDuration,
    Double completionRate,
    Double learnerCompletionRate,
    Double replayRate,
    Double dropOffRate,
    Double averagePercentWatched,
    Double reached25,
    Double reached50,
    Double reached75,
    long sessionsWithCoverage,
    long coverageCompletedSessions,
    Double coverageCompletionRate,
    long skippedAheadSessions) {}
