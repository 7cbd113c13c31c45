package org.lessonwatch.web.access;

/** The groups a token (or a dashboard account) may carry. */
public final class Roles {

  public static final String LEARNER = "learner";
  public static final String INSTRUCTOR = "instructor";
  public static final String ADMIN = "admin";

  private Roles() {}
}
