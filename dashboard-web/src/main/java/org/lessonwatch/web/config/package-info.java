/** Wiring of the application: data source, migrations, JAX-RS, JSON, errors and health. */
package org.lessonwatch.web.config;
