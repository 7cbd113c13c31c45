package org.lessonwatch.engagement.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import org.lessonwatch.content.ContentRef;

/**
 * What a report covers: its lessons, the sessions' start times in [from, to) (and the same as days
 * in the reports' zone, for the roll-ups), and the instant before which an idle session is closed.
 */
record ReportWindow(
    Collection<ContentRef> lessons,
    Instant from,
    Instant to,
    LocalDate fromDay,
    LocalDate toDay,
    Instant idleBefore) {}
