/** The engagement module's public API: record playback heartbeats into watch sessions. */
package org.lessonwatch.engagement;
