package org.lessonwatch.engagement;

import java.time.LocalDate;

/** Sessions started on one day (in the configured zone), and how many completed or were replays. */
public record DailyActivity(LocalDate day, long sessions, long completed, long returnSessions) {}
