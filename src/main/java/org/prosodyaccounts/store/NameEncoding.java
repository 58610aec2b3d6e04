package org.prosodyaccounts.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Prosody's file-name encoding for host, user and store names ({@code util/datamanager.lua},
 * the same from 0.11 to 13.0).
 *
 * <p>Every byte of the UTF-8 name that is not ASCII {@code [A-Za-z0-9]} becomes {@code %xx} with
 * two lowercase hex digits, so {@code auth.meet.example.org} becomes
 * {@code auth%2emeet%2eexample%2eorg}. Store names also keep {@code _}. Decoding accepts either
 * hex case, but Prosody always looks a file up by the lowercase encoding, so a file whose name
 * uses uppercase hex is listed by Prosody and never loaded.
 */
public final class NameEncoding {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private NameEncoding() {}

  /** Encodes a host or user name as Prosody's {@code encode} does. */
  public static String encode(String name) {
    return encode(name, false);
  }

  /** Encodes a store name as Prosody 0.11+'s {@code store_encode} does: {@code _} is kept. */
  public static String encodeStore(String store) {
    return encode(store, true);
  }

  private static String encode(String name, boolean keepUnderscore) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length * 3);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (isAsciiAlphanumeric(c) || (keepUnderscore && c == '_')) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  /**
   * Decodes a file-name stem as Prosody's {@code decode} does: each {@code %} followed by two hex
   * digits of either case becomes that byte, and everything else is kept as it is.
   *
   * @return the decoded bytes, which need not be valid UTF-8
   */
  public static byte[] decode(String stem) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(stem.length());
    byte[] bytes = stem.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
        out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toByteArray();
  }

  /**
   * Returns true when Prosody can load a file with this stem, that is when encoding the decoded
   * name gives the stem back. Uppercase hex, or a raw {@code .} or {@code -}, makes a name that
   * Prosody lists but can never load.
   */
  public static boolean isCanonical(String stem) {
    byte[] decoded = decode(stem);
    String text = new String(decoded, StandardCharsets.UTF_8);
    boolean validUtf8 = Arrays.equals(text.getBytes(StandardCharsets.UTF_8), decoded);
    return validUtf8 && encode(text).equals(stem);
  }

  private static boolean isAsciiAlphanumeric(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static boolean isHex(byte b) {
    return Character.digit(b, 16) >= 0 && b < 0x80;
  }
}
