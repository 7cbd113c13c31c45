package org.lessonwatch.web.rest;

import java.util.List;
import org.lessonwatch.content.ContentKind;
import org.lessonwatch.web.input.RequestValues;
import org.lessonwatch.web.problems.FieldError;
import org.lessonwatch.web.problems.Problem;
import org.lessonwatch.web.problems.ProblemException;

/** Validation of identifiers that arrive in the URL path. */
final class PathIds {

  private PathIds() {}

  /** A positive 64-bit id in ASCII digits ({@link RequestValues#positiveId}), else 400. */
  static long positive(String name, String value) {
    return RequestValues.positiveId(value)
        .orElseThrow(() -> invalid(name, "must be a positive 64-bit integer"));
  }

  static ContentKind contentKind(String value) {
    return ContentKind.fromWireName(value)
        .orElseThrow(() -> invalid("content_kind", "must be lms_lesson or exam_prep_lesson"));
  }

  static ProblemException notFound(String what, Object id) {
    return new ProblemException(
        Problem.of(404, what + "-not-found", what + " not found", "no " + what + " " + id));
  }

  private static ProblemException invalid(String field, String message) {
    return new ProblemException(Problem.invalidRequest(List.of(new FieldError(field, message))));
  }
}
