package org.lessonwatch.web.access;

import java.util.Optional;
import java.util.Set;

/**
 * Someone looking at analytics: a token's subject and groups, a dashboard account's username and
 * roles, or an LMS user launched into one course. Instructors are matched to courses by this name,
 * unless an LTI launch names the one course they may see ({@code course}).
 */
public record Audience(String name, Set<String> roles, Optional<Long> course) {

  public Audience(String name, Set<String> roles) {
    this(name, roles, Optional.empty());
  }

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
