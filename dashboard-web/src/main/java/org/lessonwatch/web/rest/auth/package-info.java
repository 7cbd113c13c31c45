/** Bearer tokens of the API: their keys, their verification and the caller they name. */
package org.lessonwatch.web.rest.auth;
