/** The dashboard pages: page controllers, their view models, charts, CSV exports and rendering. */
package org.lessonwatch.web.dashboard;
