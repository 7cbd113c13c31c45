package org.lessonwatch.web.problems;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem document, the body of every error response. Built with JSON-P rather than
 * JSON-B so that writing an error can never itself fail on a missing provider.
 */
public record Problem(
    String type, String title, int status, String detail, List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";
  private static final String TYPE_PREFIX = "urn:lessonwatch:problem:";

  /** Made once, as looking the JSON-P provider up on every call is slow under Payara. */
  private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

  public Problem {
    errors = List.copyOf(errors);
  }

  /** A problem of a kind this API defines, such as {@code content-not-found}. */
  public static Problem of(int status, String kind, String title, String detail) {
    return new Problem(TYPE_PREFIX + kind, title, status, detail, List.of());
  }

  /** A problem that says no more than its HTTP status. */
  public static Problem ofStatus(Response.StatusType status, String detail) {
    return new Problem(
        "about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, List.of());
  }

  public static Problem invalidRequest(List<FieldError> errors) {
    return new Problem(
        TYPE_PREFIX + "invalid-request",
        "invalid request",
        400,
        errors.size() == 1
            ? errors.get(0).field() + ": " + errors.get(0).message()
            : errors.size() + " fields are invalid",
        errors);
  }

  public String toJson() {
    JsonObjectBuilder json =
        JSON.createObjectBuilder()
            .add("type", type)
            .add("title", title)
            .add("status", status)
            .add("detail", detail);
    if (!errors.isEmpty()) {
      JsonArrayBuilder list = JSON.createArrayBuilder();
      errors.forEach(
          e ->
              list.add(
                  JSON.createObjectBuilder().add("field", e.field()).add("message", e.message())));
      json.add("errors", list);
    }
    return json.build().toString();
  }

  public Response.ResponseBuilder toResponse() {
    // Statuses JAX-RS has no name for (422) get the title as reason phrase, not "CUSTOM".
    Response.Status known = Response.Status.fromStatusCode(status);
    Response.ResponseBuilder response =
        (known != null ? Response.status(known) : Response.status(status, title))
            .type(MEDIA_TYPE)
            .entity(toJson());
    if (status == 401) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
    return response;
  }
}
