package org.lessonwatch.web.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on loopback between the application and PostgreSQL, so a test can make the database
 * unreachable ({@link #cut()}) and reachable again ({@link #restore()}), or reachable but not
 * answering ({@link #stall()}: every connection stays open and new ones are accepted, but no byte
 * is passed on, as when packets are dropped) until {@link #resume()}, without stopping the server
 * other tests use.
 */
public final class DatabaseProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final String upstreamHost;
  private final int upstreamPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean reachable = true;
  private final Object gate = new Object();
  private boolean stalled;

  public DatabaseProxy() throws IOException {
    URI upstream = URI.create(TestDatabase.url().substring("jdbc:".length()));
    upstreamHost = upstream.getHost();
    upstreamPort = upstream.getPort() < 0 ? 5432 : upstream.getPort();
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "database-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The test database's JDBC URL, routed through this proxy. */
  public String jdbcUrl() {
    URI upstream = URI.create(TestDatabase.url().substring("jdbc:".length()));
    return "jdbc:postgresql://127.0.0.1:" + listener.getLocalPort() + upstream.getRawPath();
  }

  /** Drops every open connection and refuses new ones, as a stopped database would. */
  public void cut() {
    reachable = false;
    sockets.forEach(DatabaseProxy::closeQuietly);
    sockets.clear();
  }

  public void restore() {
    reachable = true;
  }

  /** Stops passing bytes on, in both directions, without closing anything. */
  public void stall() {
    synchronized (gate) {
      stalled = true;
    }
  }

  /** Passes bytes on again, those held back first. */
  public void resume() {
    synchronized (gate) {
      stalled = false;
      gate.notifyAll();
    }
  }

  private void awaitNotStalled() throws InterruptedException {
    synchronized (gate) {
      while (stalled) {
        gate.wait();
      }
    }
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        if (!reachable) {
          closeQuietly(client);
          continue;
        }
        Socket server = new Socket(upstreamHost, upstreamPort);
        sockets.add(client);
        sockets.add(server);
        if (!reachable) {
          // cut() ran while this connection was being opened: it must not survive the cut
          closeQuietly(client);
          closeQuietly(server);
          continue;
        }
        relay(client, server);
        relay(server, client);
      } catch (IOException e) {
        // listener closed, or upstream refused: the client sees a dropped connection
      }
    }
  }

  private void relay(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  awaitNotStalled();
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // connection cut
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "database-proxy-relay");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    cut();
    listener.close();
  }
}
