/**
 * Container wiring: the data source and its timeouts, the clock, and the database readiness check.
 */
package org.lessonwatch.web.config;
