/** Watch sessions, their rules and their persistence; only this module uses them. */
package org.lessonwatch.engagement.internal;
