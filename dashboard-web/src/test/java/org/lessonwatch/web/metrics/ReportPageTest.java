package org.lessonwatch.web.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ReportPageTest {

  @Test
  void namesEachKindOfReportAndNothingElse() {
    assertEquals("overview", ReportPage.of("/dashboard"));
    assertEquals("overview", ReportPage.of("/dashboard/"));
    assertEquals("course", ReportPage.of("/dashboard/courses/7"));
    assertEquals("learner", ReportPage.of("/dashboard/courses/7/learners/ada/x"));
    assertEquals("course_at_risk_csv", ReportPage.of("/dashboard/courses/7/at-risk.csv"));
    assertEquals("course_learners_csv", ReportPage.of("/dashboard/courses/7/learners.csv"));
    assertEquals("course_lessons_csv", ReportPage.of("/dashboard/courses/7/lessons.csv"));
    assertEquals("lesson", ReportPage.of("/dashboard/lessons/lms_lesson/3"));
    assertEquals(
        "lesson_learners_csv", ReportPage.of("/dashboard/lessons/lms_lesson/3/learners.csv"));
    assertEquals("api_coverage", ReportPage.of("/api/v1/videos/engagement/analytics/coverage"));
    assertNull(ReportPage.of("/dashboard/login"));
    assertNull(ReportPage.of("/dashboard/courses/7/anything.csv"), "no tag for made-up paths");
    assertNull(ReportPage.of("/api/v1/videos/engagement/analytics/made-up"));
  }
}
