/**
 * LTI 1.3: the LMS platforms an admin registers and the LMS courses linked to catalogue courses.
 */
package org.lessonwatch.web.lti;
