/**
 * Start-up: configuration checks, migrations, roll-up preparation, and what a failed start shows.
 */
package org.lessonwatch.web.startup;
