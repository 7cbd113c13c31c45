package org.lessonwatch.web.lti;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.lessonwatch.web.access.Roles;
import org.lessonwatch.web.dashboard.session.DashboardSession;
import org.lessonwatch.web.problems.HtmlErrorPage;

/**
 * {@code POST /lti/launch}: the platform's form post of an {@code id_token} and the login's {@code
 * state}. In order: the state must be one this tool signed and not expired, this browser must hold
 * the login's cookie, the token must pass {@link LaunchVerifier} with the login's nonce, the LMS
 * course must be linked to a course, the roles must be an instructor's, teaching assistant's or
 * learner's, and the nonce must not have been used. Then the user is signed in to that course only
 * and sent there ({@code 303}): an instructor to its dashboard, and the LMS course's roster is
 * refreshed if due ({@link RosterSync}); a learner to their own page. Any failed check answers a
 * page that says which, and stores nothing and signs nobody in.
 */
@WebServlet("/lti/launch")
public class LtiLaunchServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** The largest form accepted: an id_token at its limit, the state, and their names. */
  static final int MAX_FORM_BYTES = 64 * 1024;

  @Inject transient LoginState states;

  @Inject transient LtiRegistry registry;

  @Inject transient LaunchVerifier verifier;

  @Inject transient UsedNonces nonces;

  @Inject transient Clock clock;

  @Inject transient LtiSettings settings;

  @Inject transient RosterSync rosters;

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    long length = request.getContentLengthLong();
    if (length < 0 || length > MAX_FORM_BYTES) {
      refuse(
          request,
          response,
          length < 0 ? 411 : 413,
          "The launch form must say its length and be at most " + MAX_FORM_BYTES + " bytes.");
      return;
    }
    request.setCharacterEncoding(StandardCharsets.UTF_8.name());
    String idToken = request.getParameter("id_token");
    String state = request.getParameter("state");
    if (idToken == null || state == null) {
      refuse(request, response, 400, "The LMS sent no id_token or no state.");
      return;
    }
    Optional<LoginState.Pending> pending = states.verify(state);
    if (pending.isEmpty()) {
      refuse(
          request,
          response,
          401,
          "The login this launch belongs to is unknown or has expired. Open the tool again.");
      return;
    }
    String nonce = pending.get().nonce();
    if (!LtiUrls.hasLoginCookie(request, nonce)) {
      refuse(
          request,
          response,
          401,
          "This launch was not started in this browser. Open the tool again.");
      return;
    }
    Optional<LtiPlatform> platform = registry.platform(pending.get().platformId());
    if (platform.isEmpty()) {
      refuse(request, response, 401, "The LMS of this launch is no longer registered.");
      return;
    }
    Launch launch;
    try {
      launch = verifier.verify(platform.get(), idToken, nonce);
    } catch (LaunchRefused e) {
      refuse(request, response, 401, "The launch was refused: " + e.getMessage() + ".");
      return;
    }
    Optional<Long> course =
        registry.courseOf(new LtiContext(launch.platformId(), launch.contextId()));
    if (course.isEmpty()) {
      HtmlErrorPage.write(
          request,
          response,
          404,
          "Course not linked",
          "This LMS course ("
              + (launch.contextTitle() == null ? "" : launch.contextTitle() + ", ")
              + "context id "
              + launch.contextId()
              + " on platform "
              + launch.platformId()
              + ") is not linked to a Lessonwatch course. An administrator links it by adding it"
              + " to the course's lti_contexts.");
      return;
    }
    if (!launch.teaches() && !launch.learns()) {
      HtmlErrorPage.write(
          request,
          response,
          403,
          "For instructors and learners",
          "Lessonwatch shows this course's analytics to its instructors and teaching assistants,"
              + " and their own page to its learners.");
      return;
    }
    if (!nonces.use(nonce, pending.get().expires(), clock.instant())) {
      refuse(request, response, 401, "This launch has been used already. Open the tool again.");
      return;
    }
    boolean secure = settings.secure(request);
    LtiUrls.clearLoginCookie(request, response, nonce, secure);
    String role = launch.teaches() ? Roles.INSTRUCTOR : Roles.LEARNER;
    DashboardSession.signInToCourse(
        request,
        response,
        launch.subject(),
        launch.name(),
        role,
        course.get(),
        LtiUrls.frameAncestors(platform.get()),
        secure);
    String page = request.getContextPath() + "/dashboard/courses/" + course.get();
    if (launch.teaches()) {
      rosters.launched(platform.get(), launch);
    } else {
      page +=
          "/learners/"
              + URLEncoder.encode(launch.subject(), StandardCharsets.UTF_8).replace("+", "%20");
    }
    response.setStatus(303);
    response.setHeader("Location", page);
  }

  private static void refuse(
      HttpServletRequest request, HttpServletResponse response, int status, String message)
      throws IOException {
    HtmlErrorPage.write(request, response, status, "Launch refused", message);
  }
}
