/**
 * The LMS rosters (enrolled learners per linked LMS course, from LTI Names and Role Provisioning
 * Services): stored by {@link org.lessonwatch.web.roster.Rosters}, fetched by the {@code lti}
 * package, read by the pages and the JSON summary alike.
 */
package org.lessonwatch.web.roster;
