/**
 * The catalogue's JPA entities, repository and lesson cache; nothing outside the module uses them.
 */
package org.lessonwatch.content.internal;
