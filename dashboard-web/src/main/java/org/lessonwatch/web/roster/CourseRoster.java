package org.lessonwatch.web.roster;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A catalogue course's roster: the learners of the LMS courses linked to it, as last fetched. A
 * learner in two linked LMS courses counts once, active if active in either.
 *
 * @param members the learners, each once
 * @param fetchedAt when the oldest of the linked LMS courses' rosters was last fetched in full;
 *     empty when none has been yet
 * @param failedAt when the latest failed refresh was, if the latest try of any failed
 * @param failure why it failed
 */
public record CourseRoster(
    List<RosterMember> members,
    Optional<Instant> fetchedAt,
    Optional<Instant> failedAt,
    Optional<String> failure) {

  public CourseRoster {
    members = List.copyOf(members);
  }

  /** Whether a full roster is there to count with. */
  public boolean fetched() {
    return fetchedAt.isPresent();
  }

  /** The enrolled learners: those active in the course. */
  public List<String> enrolled() {
    return members.stream().filter(RosterMember::active).map(RosterMember::sub).toList();
  }

  /** The names the roster gives, by sub (learners without a shared name are missing). */
  public Map<String, String> names() {
    return members.stream()
        .filter(member -> member.name() != null)
        .collect(Collectors.toMap(RosterMember::sub, RosterMember::name, (a, b) -> a));
  }

  /** A function giving a learner's name where known, else their sub. */
  public Function<String, String> nameOrSub() {
    Map<String, String> names = names();
    return sub -> names.getOrDefault(sub, sub);
  }
}
