/** Errors as clients see them: problem documents for the API, error pages for the dashboard. */
package org.lessonwatch.web.problems;
