/**
 * The development-only demo player: a page that plays a short generated clip with the engagement
 * tracker attached. Off unless {@code engagement.demo-player.enabled=true}.
 */
package org.lessonwatch.web.demo;
