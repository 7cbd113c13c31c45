/** Signing in to the dashboard: the login form, its throttle, the session and its CSRF filter. */
package org.lessonwatch.web.dashboard.session;
