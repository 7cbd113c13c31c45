/**
 * The content catalogue's public API: courses, lessons and their videos, as the other modules and
 * the web layer may see them.
 */
package org.lessonwatch.content;
