/** Who may see which analytics: the one check that the API and the pages share. */
package org.lessonwatch.web.access;
