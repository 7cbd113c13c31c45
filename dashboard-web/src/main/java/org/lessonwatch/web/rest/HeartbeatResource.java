package org.lessonwatch.web.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.io.InputStream;
import org.lessonwatch.engagement.Heartbeat;
import org.lessonwatch.engagement.HeartbeatRecorder;
import org.lessonwatch.web.rest.auth.Caller;

/**
 * Receives playback heartbeats. The learner is always the token's subject: any valid token may
 * record its own viewing, so an instructor previewing a lesson is counted like any viewer.
 *
 * <p>The server's own warm-up sends heartbeats too, with tokens only it holds: those are rehearsed,
 * never recorded ({@link HeartbeatRecorder#rehearse}).
 *
 * <p>Application-scoped, the caller taken from the request's security context: the busiest endpoint
 * creates no beans per request.
 */
@Path("videos/engagement/heartbeat")
@ApplicationScoped
public class HeartbeatResource {

  @Inject HeartbeatRecorder recorder;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public HeartbeatResponse record(@Context SecurityContext security, InputStream body) {
    String learner = Caller.subjectOf(security);
    HeartbeatRequest request = HeartbeatRequest.parse(JsonRequest.read(body));
    Heartbeat heartbeat = request.toHeartbeat(learner);
    return HeartbeatResponse.of(
        Caller.isRehearsal(security) ? recorder.rehearse(heartbeat) : recorder.record(heartbeat));
  }
}
