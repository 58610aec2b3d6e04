package org.prosodyaccounts.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Helpers for password buffers: strict UTF-8 encoding and overwriting with zeros.
 *
 * <p>Zeroing shortens the time a secret stays in memory, but cannot remove copies kept in {@link
 * String}s or made by the garbage collector.
 */
public final class Secrets {

  private Secrets() {}

  /** Overwrites every given array with zeros, skipping null arrays. */
  public static void wipe(byte[]... arrays) {
    for (byte[] array : arrays) {
      if (array != null) {
        Arrays.fill(array, (byte) 0);
      }
    }
  }

  /** Overwrites {@code chars} with zeros unless it is null. */
  public static void wipe(char[] chars) {
    if (chars != null) {
      Arrays.fill(chars, '\0');
    }
  }

  /**
   * Encodes text as UTF-8 into a new array that the caller should {@link #wipe} after use. No
   * intermediate buffer keeps a copy.
   *
   * @throws IllegalArgumentException if the text contains an unpaired surrogate. The message does
   *     not contain the text.
   */
  public static byte[] utf8(CharSequence text) {
    CharsetEncoder encoder =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    // UTF-8 needs at most 3 bytes per UTF-16 char (a surrogate pair takes 4 bytes for 2 chars).
    byte[] buffer = new byte[3 * text.length()];
    try {
      ByteBuffer out = ByteBuffer.wrap(buffer);
      CoderResult result = encoder.encode(CharBuffer.wrap(text), out, true);
      if (!result.isError()) {
        result = encoder.flush(out);
      }
      if (result.isError()) {
        throw new IllegalArgumentException("the text is not valid UTF-16: unpaired surrogate");
      }
      if (result.isOverflow()) {
        throw new IllegalStateException("UTF-8 buffer too small");
      }
      return Arrays.copyOf(buffer, out.position());
    } finally {
      wipe(buffer);
    }
  }
}
