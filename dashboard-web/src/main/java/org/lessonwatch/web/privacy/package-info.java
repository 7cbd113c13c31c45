/**
 * What the service keeps about learners, and taking it away: {@link
 * org.lessonwatch.web.privacy.LearnerErasures} erases a learner across the modules in one
 * transaction and keeps an audit record without the learner's identity.
 */
package org.lessonwatch.web.privacy;
