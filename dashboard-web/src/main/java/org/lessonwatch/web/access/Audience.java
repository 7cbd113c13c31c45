package org.lessonwatch.web.access;

import java.util.Set;

/**
 * Someone looking at analytics: a token's subject and groups, or a dashboard account's username and
 * roles. Instructors are matched to courses by this name.
 */
public record Audience(String name, Set<String> roles) {

  public Audience {
    roles = Set.copyOf(roles);
  }

  public boolean isAdmin() {
    return roles.contains(Roles.ADMIN);
  }

  public boolean isInstructor() {
    return roles.contains(Roles.INSTRUCTOR);
  }
}
