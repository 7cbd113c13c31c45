package org.lessonwatch.web.lti;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequestSender;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.http.ReadOnlyHTTPRequest;
import com.nimbusds.oauth2.sdk.http.ReadOnlyHTTPResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Sends the Nimbus SDK's requests to an LMS with a time limit and a size limit: an LMS that hangs
 * or answers without end costs this tool at most {@link #TIMEOUT} and {@code maxBytes} of memory
 * per request. Redirects are not followed: the platform's registered URLs are where requests go.
 */
final class BoundedHttp implements HTTPRequestSender {

  /** The time to connect, and the time for the whole answer. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private final int maxBytes;

  BoundedHttp(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public ReadOnlyHTTPResponse send(ReadOnlyHTTPRequest request) throws IOException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(request.getURI()).timeout(TIMEOUT);
    for (Map.Entry<String, List<String>> header : request.getHeaderMap().entrySet()) {
      for (String value : header.getValue()) {
        builder.header(header.getKey(), value);
      }
    }
    if (request.getMethod() == HTTPRequest.Method.POST) {
      builder.POST(
          HttpRequest.BodyPublishers.ofString(
              request.getBody() == null ? "" : request.getBody(), StandardCharsets.UTF_8));
    } else if (request.getMethod() == HTTPRequest.Method.GET) {
      builder.GET();
    } else {
      throw new IOException("unsupported method " + request.getMethod());
    }
    HttpResponse<InputStream> answer;
    try {
      answer = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    byte[] body;
    try (InputStream in = answer.body()) {
      body = in.readNBytes(maxBytes + 1);
    }
    if (body.length > maxBytes) {
      throw new IOException("the answer is larger than " + maxBytes + " bytes");
    }
    HTTPResponse response = new HTTPResponse(answer.statusCode());
    answer
        .headers()
        .map()
        .forEach((name, values) -> response.setHeader(name, values.toArray(String[]::new)));
    response.setBody(new String(body, StandardCharsets.UTF_8));
    return response;
  }
}
