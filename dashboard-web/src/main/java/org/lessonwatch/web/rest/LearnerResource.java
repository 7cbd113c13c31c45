package org.lessonwatch.web.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.lessonwatch.web.access.Roles;
import org.lessonwatch.web.input.RequestValues;
import org.lessonwatch.web.privacy.LearnerErasures;
import org.lessonwatch.web.problems.FieldError;
import org.lessonwatch.web.problems.Problem;
import org.lessonwatch.web.problems.ProblemException;
import org.lessonwatch.web.rest.auth.Caller;

/**
 * {@code DELETE /api/v1/admin/learners/{sub}}: erases everything kept about a learner, for admins.
 * Erasing a learner with nothing stored answers zeros; it is recorded all the same.
 */
@Path("admin/learners/{sub}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class LearnerResource {

  /** The answer: what went, and when. */
  public record ErasureView(
      boolean erased, String erasedAt, long sessions, long lessons, long rosterEntries) {}

  @Inject Caller caller;

  @Inject LearnerErasures erasures;

  @DELETE
  public ErasureView erase(@PathParam("sub") String sub) {
    caller.require(Roles.ADMIN);
    if (sub.isEmpty() || sub.length() > 255 || !RequestValues.isStorable(sub)) {
      throw new ProblemException(
          Problem.invalidRequest(
              List.of(new FieldError("sub", "must be 1-255 characters of storable text"))));
    }
    LearnerErasures.Erasure erasure = erasures.erase(sub, caller.subject());
    return new ErasureView(
        true,
        erasure.erasedAt().toString(),
        erasure.sessions(),
        erasure.lessons(),
        erasure.rosterEntries());
  }
}
