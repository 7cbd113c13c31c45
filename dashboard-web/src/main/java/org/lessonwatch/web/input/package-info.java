/** Rules every value taken from a request obeys: ids in ASCII digits, text PostgreSQL can store. */
package org.lessonwatch.web.input;
