package org.lessonwatch.web.accounts;

import java.util.SortedSet;

/** An account as the API shows it: never its password hash. */
public record AccountView(String username, SortedSet<String> roles) {}
