package org.lessonwatch.web.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import org.lessonwatch.engagement.HeartbeatRecorder;
import org.lessonwatch.web.config.Caller;

/**
 * Receives playback heartbeats. The learner is always the token's subject: any valid token may
 * record its own viewing, so an instructor previewing a lesson is counted like any viewer.
 */
@Path("videos/engagement/heartbeat")
@RequestScoped
public class HeartbeatResource {

  @Inject Caller caller;

  @Inject HeartbeatRecorder recorder;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public HeartbeatResponse record(InputStream body) {
    String learner = caller.subject();
    HeartbeatRequest request = HeartbeatRequest.parse(JsonRequest.read(body));
    return HeartbeatResponse.of(recorder.record(request.toHeartbeat(learner)));
  }
}
