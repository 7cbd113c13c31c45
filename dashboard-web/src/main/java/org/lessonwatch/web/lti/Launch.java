package org.lessonwatch.web.lti;

import java.util.List;

/**
 * A verified LTI resource-link launch: who ({@code subject}, with a display name when the platform
 * sends one), with which context roles, from which LMS course, and where its roster is (the NRPS
 * memberships URL, when the platform offers one).
 */
public record Launch(
    String platformId,
    String deploymentId,
    String subject,
    String name,
    List<String> roles,
    String contextId,
    String contextTitle,
    String membershipsUrl) {

  private static final String MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership";

  /** The context roles that open a course's pages as its instructor. */
  private static final List<String> TEACHING =
      List.of(
          MEMBERSHIP + "#Instructor",
          MEMBERSHIP + "#TeachingAssistant",
          MEMBERSHIP + "/Instructor#TeachingAssistant");

  public Launch {
    roles = List.copyOf(roles);
  }

  /**
   * Whether the launch's roles make the user an instructor (or teaching assistant) of the course.
   */
  public boolean teaches() {
    return roles.stream().anyMatch(TEACHING::contains);
  }

  /** Whether the launch's roles make the user a learner of the course. */
  public boolean learns() {
    return roles.contains(MEMBERSHIP + "#Learner");
  }
}
