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
import java.net.URI;
import java.net.URISyntaxException;
import org.lessonwatch.content.CatalogEditor;
import org.lessonwatch.content.ContentCatalog;
import org.lessonwatch.content.ContentRef;
import org.lessonwatch.content.LessonDetails;
import org.lessonwatch.engagement.Heartbeat;
import org.lessonwatch.web.access.Roles;
import org.lessonwatch.web.rest.auth.Caller;

/** Admins load and read lessons of the catalogue, with their video URL and duration. */
@Path("content/lessons/{content_kind}/{content_id}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class LessonResource {

  /** A lesson body; {@code videoUrl} and {@code durationSec} may be {@code null}. */
  public record LessonView(
      String contentKind,
      long contentId,
      String title,
      long courseId,
      String videoUrl,
      Integer durationSec) {

    static LessonView of(ContentRef ref, LessonDetails lesson) {
      return new LessonView(
          ref.kind().wireName(),
          ref.id(),
          lesson.title(),
          lesson.courseId(),
          lesson.hasVideo() ? lesson.videoUrl() : null,
          lesson.durationSec());
    }
  }

  @Inject Caller caller;

  @Inject ContentCatalog catalog;

  @Inject CatalogEditor editor;

  @GET
  public LessonView get(
      @PathParam("content_kind") String kind, @PathParam("content_id") String id) {
    caller.require(Roles.ADMIN);
    ContentRef ref = ref(kind, id);
    return catalog
        .lesson(ref)
        .map(lesson -> LessonView.of(ref, lesson))
        .orElseThrow(() -> PathIds.notFound("lesson", ref));
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  public Response put(
      @PathParam("content_kind") String kind,
      @PathParam("content_id") String id,
      InputStream body) {
    caller.require(Roles.ADMIN);
    ContentRef ref = ref(kind, id);
    JsonRequest request = JsonRequest.read(body);
    String title = request.text("title", 500);
    long courseId = request.positiveId("course_id");
    String videoUrl = request.optionalText("video_url", 2048);
    if (videoUrl != null && !isWebUrl(videoUrl.strip())) {
      request.reject("video_url", "must be an absolute http or https URL");
    }
    double duration = request.optionalNumber("duration_sec", 0, Heartbeat.MAX_MEDIA_SECONDS, 0);
    request.requireValid();
    LessonDetails details =
        new LessonDetails(
            title,
            courseId,
            videoUrl == null ? null : videoUrl.strip(),
            duration > 0 ? (int) Math.ceil(duration) : null);
    boolean created = editor.putLesson(ref, details);
    return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
        .entity(LessonView.of(ref, details))
        .build();
  }

  private static ContentRef ref(String kind, String id) {
    return new ContentRef(PathIds.contentKind(kind), PathIds.positive("content_id", id));
  }

  private static boolean isWebUrl(String url) {
    try {
      URI uri = new URI(url);
      return uri.isAbsolute()
          && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
