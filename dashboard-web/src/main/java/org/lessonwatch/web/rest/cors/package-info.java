/** Cross-origin access to the heartbeat endpoint, for players served from an LMS's own origin. */
package org.lessonwatch.web.rest.cors;
