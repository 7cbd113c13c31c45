package org.lessonwatch.web.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Calls the running application over HTTP, as a player, an LMS or an admin would. */
public final class ApiClient {

  private final URI base;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public ApiClient(URL deploymentUrl) {
    URI uri = URI.create(deploymentUrl.toString());
    this.base = uri.resolve("/");
  }

  /** An HTTP answer with its body read as text. */
  public record Reply(int status, java.net.http.HttpHeaders headers, String body) {

    public JsonObject json() {
      try (var reader = Json.createReader(new StringReader(body))) {
        return reader.readObject();
      }
    }

    public Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    /** A problem document's kind: the end of its {@code type} URN. */
    public String problemKind() {
      String type = json().getString("type");
      return type.substring(type.lastIndexOf(':') + 1);
    }

    public String contentType() {
      return header("Content-Type").orElse("");
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  public Reply post(String path, String token, String json) {
    return send(request(path, token).header("Content-Type", "application/json").POST(body(json)));
  }

  public Reply put(String path, String token, String json) {
    return send(request(path, token).header("Content-Type", "application/json").PUT(body(json)));
  }

  public Reply get(String path, String token) {
    return send(request(path, token).GET());
  }

  public HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
    return token == null ? request : request.header("Authorization", "Bearer " + token);
  }

  public Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static HttpRequest.BodyPublisher body(String json) {
    return HttpRequest.BodyPublishers.ofString(json);
  }
}
