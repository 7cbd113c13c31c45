package org.lessonwatch.web.lti;

/** An LMS course: its platform's id here, and the course's {@code context_id} on that platform. */
public record LtiContext(String platformId, String contextId) {}
