package org.lessonwatch.web.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The demo player's clip, made in memory without any media tool: 20 seconds of 8 kHz 8-bit mono PCM
 * in a WAV file (160 kB), silent but for a short beep at every whole second and a higher one every
 * fifth. Every browser plays WAV in a {@code <video>} element with the same events, seeking and
 * {@code duration} as a video file, which is all the tracker looks at.
 */
final class DemoClip {

  static final int SECONDS = 20;
  static final String CONTENT_TYPE = "audio/wav";

  private static final int SAMPLE_RATE = 8000;
  private static final byte[] WAV = generate();

  private DemoClip() {}

  static int length() {
    return WAV.length;
  }

  /** Writes the bytes {@code [from, from + count)} of the clip. */
  static void write(OutputStream out, int from, int count) throws IOException {
    out.write(WAV, from, count);
  }

  private static byte[] generate() {
    int samples = SAMPLE_RATE * SECONDS;
    ByteBuffer wav = ByteBuffer.allocate(44 + samples).order(ByteOrder.LITTLE_ENDIAN);
    wav.put(ascii("RIFF")).putInt(36 + samples).put(ascii("WAVE"));
    wav.put(ascii("fmt ")).putInt(16);
    wav.putShort((short) 1) // PCM
        .putShort((short) 1) // mono
        .putInt(SAMPLE_RATE)
        .putInt(SAMPLE_RATE) // bytes per second
        .putShort((short) 1) // block align
        .putShort((short) 8); // bits per sample
    wav.put(ascii("data")).putInt(samples);
    for (int i = 0; i < samples; i++) {
      int second = i / SAMPLE_RATE;
      int inSecond = i % SAMPLE_RATE;
      double value = 0;
      if (inSecond < SAMPLE_RATE / 10) {
        double frequency = second % 5 == 0 ? 880 : 440;
        value = 0.3 * Math.sin(2 * Math.PI * frequency * i / SAMPLE_RATE);
      }
      wav.put((byte) (128 + Math.round(value * 127)));
    }
    return wav.array();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
