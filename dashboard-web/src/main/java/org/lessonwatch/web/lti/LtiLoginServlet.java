package org.lessonwatch.web.lti;

import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.Prompt;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.lessonwatch.web.input.RequestValues;
import org.lessonwatch.web.problems.HtmlErrorPage;

/**
 * {@code GET|POST /lti/login}: the OIDC third-party-initiated login of LTI 1.3. The platform names
 * itself ({@code iss}, and {@code client_id} when it registered the tool more than once); the tool
 * answers {@code 302} to the platform's authorization URL with a fresh, signed {@code state} and
 * {@code nonce} ({@link LoginState}), and sets a cookie that binds the login to this browser. An
 * unknown platform gets a {@code 400} page.
 */
@WebServlet("/lti/login")
public class LtiLoginServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** The longest login parameter accepted. */
  static final int MAX_PARAMETER_CHARS = 2048;

  @Inject transient LtiRegistry registry;

  @Inject transient LoginState states;

  @Inject transient LtiSettings settings;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    login(request, response);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    login(request, response);
  }

  private void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String issuer = parameter(request, "iss");
    String loginHint = parameter(request, "login_hint");
    String target = parameter(request, "target_link_uri");
    String messageHint = parameter(request, "lti_message_hint");
    String clientId = parameter(request, "client_id");
    if (issuer == null || loginHint == null || target == null) {
      HtmlErrorPage.write(
          request,
          response,
          400,
          "Not an LTI login",
          "An LTI 1.3 login needs iss, login_hint and target_link_uri (each at most "
              + MAX_PARAMETER_CHARS
              + " characters). Start from your LMS.");
      return;
    }
    Optional<LtiPlatform> platform = platform(issuer, clientId);
    if (platform.isEmpty()) {
      HtmlErrorPage.write(
          request,
          response,
          400,
          "LMS not registered",
          "This LMS ("
              + issuer
              + (clientId == null ? "" : ", client id " + clientId)
              + ") is not registered with Lessonwatch. An administrator registers it under"
              + " /api/v1/admin/lti/platforms.");
      return;
    }
    LtiPlatform registered = platform.get();
    LoginState.Login login = states.begin(registered.platformId());
    AuthenticationRequest.Builder authentication =
        new AuthenticationRequest.Builder(
                ResponseType.IDTOKEN,
                new Scope("openid"),
                new ClientID(registered.clientId()),
                URI.create(settings.launchUrl(request)))
            .endpointURI(URI.create(registered.authLoginUrl()))
            .state(new State(login.state()))
            .nonce(new Nonce(login.nonce()))
            .responseMode(ResponseMode.FORM_POST)
            .prompt(Prompt.Type.NONE)
            .loginHint(loginHint);
    if (messageHint != null) {
      authentication.customParameter("lti_message_hint", messageHint);
    }
    LtiUrls.addLoginCookie(request, response, login, settings.secure(request));
    response.sendRedirect(authentication.build().toURI().toString());
  }

  /** The platform by issuer and client id; by issuer alone when it has one registration only. */
  private Optional<LtiPlatform> platform(String issuer, String clientId) {
    if (clientId != null) {
      return registry.platform(issuer, clientId);
    }
    List<LtiPlatform> platforms = registry.platformsOf(issuer);
    return platforms.size() == 1 ? Optional.of(platforms.get(0)) : Optional.empty();
  }

  /** A parameter of storable text and at most {@link #MAX_PARAMETER_CHARS}, else none. */
  private static String parameter(HttpServletRequest request, String name) {
    String value = request.getParameter(name);
    return value == null
            || value.isBlank()
            || value.length() > MAX_PARAMETER_CHARS
            || !RequestValues.isStorable(value)
        ? null
        : value;
  }
}
