/** Who may see which analytics: the roles, and the one check that the API and the pages share. */
package org.lessonwatch.web.access;
