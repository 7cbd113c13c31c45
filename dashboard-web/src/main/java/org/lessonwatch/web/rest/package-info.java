/**
 * The JSON API under {@code /api/v1}: the JAX-RS application, resources, request parsing and
 * records.
 */
package org.lessonwatch.web.rest;
