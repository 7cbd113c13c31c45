package org.lessonwatch.web.testing;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An LMS's JWKS endpoint, served by the test JVM on the loopback address, that a test can make
 * fail: it serves the public keys it was given, answers 500 after {@link #fail()}, and refuses
 * connections between {@link #stop()} and {@link #start()}. It keeps its port, so that the server
 * under test finds it again where it was configured.
 */
public final class JwksServer {

  private final AtomicInteger failedRequests = new AtomicInteger();
  private volatile String keys;
  private volatile boolean failing;
  private HttpServer server;
  private int port;

  private JwksServer() {}

  /** Started, serving these keys (their public parts). */
  public static JwksServer serving(JWK... keys) {
    JwksServer jwks = new JwksServer();
    jwks.serve(keys);
    jwks.start();
    return jwks;
  }

  /** Where the keys are: {@code http://127.0.0.1:<port>/jwks.json}. */
  public String url() {
    return "http://127.0.0.1:" + port + "/jwks.json";
  }

  /** Serves these keys from now on, and no longer fails. */
  public void serve(JWK... keys) {
    this.keys = new JWKSet(List.of(keys)).toString(true);
    failing = false;
  }

  /** Answers every request with 500 from now on. */
  public void fail() {
    failing = true;
  }

  /** How many requests it has answered with 500. */
  public int failedRequests() {
    return failedRequests.get();
  }

  public synchronized void start() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/jwks.json", this::answer);
    server.start();
    port = server.getAddress().getPort();
  }

  public synchronized void stop() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (failing) {
        failedRequests.incrementAndGet();
        exchange.sendResponseHeaders(500, -1);
        return;
      }
      byte[] body = keys.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }
}
