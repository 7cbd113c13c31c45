/**
 * Application metrics of the web layer: the heartbeat endpoint's answers by status and the time of
 * each kind of report page (the engagement module keeps its own, and {@code rest.auth} the token
 * cache's size). docs/operations.md lists them all and what to alert on.
 */
package org.lessonwatch.web.metrics;
