package org.lessonwatch.web.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the Payara Micro server of a test class writes to its log, as it is written: the Arquillian
 * adapter prints the server's output to this JVM's {@code System.out} (arquillian.xml: {@code
 * outputToConsole}), which {@link #capture()} then copies. Failsafe still writes it all to the
 * class's {@code target/failsafe-reports/<class>-output.txt}, but only once the class is done.
 */
public final class ServerOutput {

  private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

  private ServerOutput() {}

  /** Starts copying {@code System.out}: call it before the deployment starts its server. */
  public static ServerOutput capture() {
    ServerOutput output = new ServerOutput();
    PrintStream original = System.out;
    System.setOut(
        new PrintStream(
            new OutputStream() {
              @Override
              public void write(int b) {
                original.write(b);
                synchronized (output.copy) {
                  output.copy.write(b);
                }
              }

              @Override
              public void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                synchronized (output.copy) {
                  output.copy.write(bytes, offset, length);
                }
              }
            },
            true,
            StandardCharsets.UTF_8));
    return output;
  }

  /** Whether one line written so far contains all of these texts. */
  public boolean hasLineWith(String... texts) {
    return linesWith(texts) > 0;
  }

  /** How many lines written so far contain all of these texts. */
  public long linesWith(String... texts) {
    String written;
    synchronized (copy) {
      written = copy.toString(StandardCharsets.UTF_8);
    }
    return written
        .lines()
        .filter(
            line -> {
              for (String text : texts) {
                if (!line.contains(text)) {
                  return false;
                }
              }
              return true;
            })
        .count();
  }
}
