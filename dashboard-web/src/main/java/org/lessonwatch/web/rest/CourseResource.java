package org.lessonwatch.web.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
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
import org.lessonwatch.content.CatalogEditor;
import org.lessonwatch.content.ContentCatalog;
import org.lessonwatch.content.CourseDetails;
import org.lessonwatch.web.access.Roles;
import org.lessonwatch.web.rest.auth.Caller;

/** Admins load and read courses of the catalogue. */
@Path("content/courses/{course_id}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CourseResource {

  /** A course body: {@code {"title": "...", "instructors": ["<sub>", ...]}}. */
  public record CourseView(long courseId, String title, List<String> instructors) {}

  @Inject Caller caller;

  @Inject ContentCatalog catalog;

  @Inject CatalogEditor editor;

  @GET
  public CourseView get(@PathParam("course_id") String courseId) {
    caller.require(Roles.ADMIN);
    long id = PathIds.positive("course_id", courseId);
    CourseDetails course = catalog.course(id).orElseThrow(() -> PathIds.notFound("course", id));
    return new CourseView(id, course.title(), course.instructors());
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  public Response put(@PathParam("course_id") String courseId, InputStream body) {
    caller.require(Roles.ADMIN);
    long id = PathIds.positive("course_id", courseId);
    JsonRequest request = JsonRequest.read(body);
    String title = request.text("title", 500);
    List<String> instructors = request.optionalTextList("instructors", 1000, 255);
    request.requireValid();
    CourseDetails details = new CourseDetails(title, instructors.stream().distinct().toList());
    boolean created = editor.putCourse(id, details);
    return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
        .entity(new CourseView(id, details.title(), details.instructors()))
        .build();
  }
}
