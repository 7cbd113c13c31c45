package org.lessonwatch.web.problems;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lessonwatch.content.ContentUnavailableException;
import org.lessonwatch.content.ContentWithoutVideoException;
import org.lessonwatch.content.UnknownCourseException;
import org.lessonwatch.engagement.DatabaseFailures;
import org.lessonwatch.engagement.HeartbeatNotRecordedException;
import org.lessonwatch.engagement.ImplausiblePlaybackException;
import org.lessonwatch.web.access.AccessDeniedException;
import org.lessonwatch.web.lti.LtiLinkException;

/**
 * Turns every exception that leaves a resource into a problem document. Unexpected ones are logged
 * with their stack trace and answered with a bare 500; the client never sees a trace.
 */
public final class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

  private ProblemMappers() {}

  @Provider
  public static class Problems implements ExceptionMapper<ProblemException> {
    @Override
    public Response toResponse(ProblemException e) {
      return e.problem().toResponse().build();
    }
  }

  @Provider
  public static class UnavailableContent implements ExceptionMapper<ContentUnavailableException> {
    @Override
    public Response toResponse(ContentUnavailableException e) {
      Problem problem =
          e instanceof ContentWithoutVideoException
              ? Problem.of(422, "content-has-no-video", "content has no video", e.getMessage())
              : Problem.of(404, "content-not-found", "video content not found", e.getMessage());
      return problem.toResponse().build();
    }
  }

  @Provider
  public static class ImplausiblePlayback implements ExceptionMapper<ImplausiblePlaybackException> {
    @Override
    public Response toResponse(ImplausiblePlaybackException e) {
      return new Problem(
              "urn:lessonwatch:problem:implausible-playback",
              "implausible playback",
              422,
              e.field() + ": " + e.getMessage(),
              List.of(new FieldError(e.field(), e.getMessage())))
          .toResponse()
          .build();
    }
  }

  @Provider
  public static class UnknownCourse implements ExceptionMapper<UnknownCourseException> {
    @Override
    public Response toResponse(UnknownCourseException e) {
      return Problem.of(422, "course-not-found", "course not found", e.getMessage())
          .toResponse()
          .build();
    }
  }

  @Provider
  public static class LtiLink implements ExceptionMapper<LtiLinkException> {
    @Override
    public Response toResponse(LtiLinkException e) {
      Problem problem =
          e.kind() == LtiLinkException.Kind.UNKNOWN_PLATFORM
              ? Problem.invalidRequest(List.of(new FieldError(e.field(), e.getMessage())))
              : Problem.of(
                  409,
                  e.kind() == LtiLinkException.Kind.ISSUER_TAKEN
                      ? "platform-conflict"
                      : "lti-context-conflict",
                  "conflict",
                  e.getMessage());
      return problem.toResponse().build();
    }
  }

  @Provider
  public static class AccessDenied implements ExceptionMapper<AccessDeniedException> {
    @Override
    public Response toResponse(AccessDeniedException e) {
      return (e.status() == 404
              ? Problem.of(404, "not-found", "not found", e.getMessage())
              : Problem.of(403, "forbidden", "forbidden", e.getMessage()))
          .toResponse()
          .build();
    }
  }

  /** A heartbeat not recorded now: 503, and when to retry. */
  @Provider
  public static class HeartbeatNotRecorded
      implements ExceptionMapper<HeartbeatNotRecordedException> {
    @Override
    public Response toResponse(HeartbeatNotRecordedException e) {
      if (e.getCause() != null) {
        LOG.log(Level.WARNING, "heartbeat not recorded: {0}", String.valueOf(e.getCause()));
      }
      return Problem.of(503, "heartbeat-not-recorded", "service unavailable", e.reason().detail())
          .toResponse()
          .header("Retry-After", Long.toString(e.reason().retryAfter().toSeconds()))
          .build();
    }
  }

  /** Errors JAX-RS raises itself: unknown path, wrong method, unsupported media type … */
  @Provider
  public static class Http implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      Response.StatusType status = e.getResponse().getStatusInfo();
      if (status.getStatusCode() >= 500) {
        LOG.log(Level.SEVERE, "request failed", e);
      }
      Response.ResponseBuilder response =
          Problem.ofStatus(status, detailFor(status.getStatusCode())).toResponse();
      String allow = e.getResponse().getHeaderString("Allow");
      if (allow != null) {
        response.header("Allow", allow);
      }
      return response.build();
    }

    private static String detailFor(int status) {
      return switch (status) {
        case 401 -> "a valid bearer token is required";
        case 403 -> "this token's groups do not allow the request";
        case 404 -> "no such resource";
        case 405 -> "method not allowed on this resource";
        case 406 -> "this resource answers only application/json";
        case 415 -> "the request body must be application/json";
        default -> "the request cannot be served";
      };
    }
  }

  /** Anything else: the database being down is a 503 the client may retry, the rest a 500. */
  @Provider
  public static class Unexpected implements ExceptionMapper<Throwable> {
    @Override
    public Response toResponse(Throwable e) {
      if (DatabaseFailures.isUnavailable(e)) {
        LOG.log(Level.WARNING, "database unavailable: {0}", String.valueOf(e));
        return Problem.of(
                503,
                "database-unavailable",
                "service unavailable",
                "the database cannot be reached; retry shortly")
            .toResponse()
            .header("Retry-After", "5")
            .build();
      }
      LOG.log(Level.SEVERE, "unexpected failure", e);
      return Problem.ofStatus(Response.Status.INTERNAL_SERVER_ERROR, "an unexpected error occurred")
          .toResponse()
          .build();
    }
  }
}
