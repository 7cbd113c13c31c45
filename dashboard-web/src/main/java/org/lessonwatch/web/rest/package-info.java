/** The JSON API under {@code /api/v1}: resources and their request and response records. */
package org.lessonwatch.web.rest;
