/** The deployable web application: HTTP API, dashboard pages and their security. */
package org.lessonwatch.web;
