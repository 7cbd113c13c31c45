package org.lessonwatch.web.roster;

/**
 * A learner of an LMS course as its roster gives them: the LMS user id (the {@code sub} of their
 * launches and players' tokens), a display name when the LMS shares one, and whether they are
 * active in the course.
 */
public record RosterMember(String sub, String name, boolean active) {

  /** The most characters of a name kept; longer names are cut. */
  static final int NAME_LENGTH = 255;

  public RosterMember {
    if (name != null) {
      name = name.isBlank() ? null : name.strip();
      if (name != null && name.length() > NAME_LENGTH) {
        name = name.substring(0, NAME_LENGTH);
      }
    }
  }

  /** The status as NRPS spells it, and as {@code lti_roster_members} keeps it. */
  String status() {
    return active ? "Active" : "Inactive";
  }
}
