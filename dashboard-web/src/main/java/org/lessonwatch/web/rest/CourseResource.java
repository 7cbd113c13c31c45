package org.lessonwatch.web.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.lessonwatch.content.CatalogEditor;
import org.lessonwatch.content.ContentCatalog;
import org.lessonwatch.content.CourseDetails;
import org.lessonwatch.web.access.Roles;
import org.lessonwatch.web.lti.LtiContext;
import org.lessonwatch.web.lti.LtiRegistry;
import org.lessonwatch.web.rest.auth.Caller;

/** Admins load and read courses of the catalogue. */
@Path("content/courses/{course_id}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CourseResource {

  /**
   * A course body: {@code {"title": "...", "instructors": ["<sub>", ...], "lti_contexts":
   * [{"platform_id": "...", "context_id": "..."}, ...]}}.
   */
  public record CourseView(
      long courseId, String title, List<String> instructors, List<LtiContextView> ltiContexts) {}

  /** An LMS course linked to this course: a registered platform and its context id. */
  public record LtiContextView(String platformId, String contextId) {

    static LtiContextView of(LtiContext context) {
      return new LtiContextView(context.platformId(), context.contextId());
    }
  }

  /** The most LMS courses one course may be linked from. */
  static final int MAX_LTI_CONTEXTS = 100;

  @Inject Caller caller;

  @Inject ContentCatalog catalog;

  @Inject CatalogEditor editor;

  @Inject LtiRegistry lti;

  @GET
  public CourseView get(@PathParam("course_id") String courseId) {
    caller.require(Roles.ADMIN);
    long id = PathIds.positive("course_id", courseId);
    CourseDetails course = catalog.course(id).orElseThrow(() -> PathIds.notFound("course", id));
    return new CourseView(id, course.title(), course.instructors(), contexts(id));
  }

  /**
   * Creates or replaces the course. {@code lti_contexts}, when sent, replaces the course's links
   * (an empty list removes them); left out, the links stay as they are. The course and its links
   * are written in one transaction: a refused link leaves both as they were.
   */
  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Transactional
  public Response put(@PathParam("course_id") String courseId, InputStream body) {
    caller.require(Roles.ADMIN);
    long id = PathIds.positive("course_id", courseId);
    JsonRequest request = JsonRequest.read(body);
    String title = request.text("title", 500);
    List<String> instructors = request.optionalTextList("instructors", 1000, 255);
    List<Map<String, String>> links =
        request.optionalObjects("lti_contexts", MAX_LTI_CONTEXTS, 255, "platform_id", "context_id");
    request.requireValid();
    CourseDetails details = new CourseDetails(title, instructors.stream().distinct().toList());
    boolean created = editor.putCourse(id, details);
    if (links != null) {
      lti.linkContexts(
          id,
          links.stream()
              .map(link -> new LtiContext(link.get("platform_id"), link.get("context_id")))
              .distinct()
              .toList());
    }
    return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
        .entity(new CourseView(id, details.title(), details.instructors(), contexts(id)))
        .build();
  }

  private List<LtiContextView> contexts(long courseId) {
    return lti.contextsOf(courseId).stream().map(LtiContextView::of).toList();
  }
}
