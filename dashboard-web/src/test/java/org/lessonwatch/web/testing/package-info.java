/**
 * Test support for the integration tests: the deployment, tokens, an HTTP client, catalogue
 * fixtures, a heartbeat scenario helper, a client for the dashboard pages and direct database
 * reads.
 */
package org.lessonwatch.web.testing;
