package org.prosodyaccounts.lua;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * A Lua string: an immutable sequence of bytes. Prosody stores UTF-8 text, but a file may hold
 * any bytes, and keeping the bytes is what makes a read followed by a write lossless.
 * {@link #toUtf8()} and {@link #toString()} give a text view for callers.
 */
public final class LuaString implements LuaData, Comparable<LuaString> {

  private final byte[] bytes;

  private LuaString(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Returns the string with a copy of {@code bytes}. */
  public static LuaString of(byte[] bytes) {
    return new LuaString(bytes.clone());
  }

  /** Returns the UTF-8 encoding of {@code text}. */
  public static LuaString of(String text) {
    return new LuaString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Wraps {@code bytes} without a copy; the caller must not change the array afterwards. */
  static LuaString wrap(byte[] bytes) {
    return new LuaString(bytes);
  }

  /** Returns a copy of the bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Returns the number of bytes. */
  public int length() {
    return bytes.length;
  }

  /**
   * Returns the byte at {@code index}.
   *
   * @throws IndexOutOfBoundsException if {@code index} is negative or not below {@link #length}
   */
  public byte byteAt(int index) {
    return bytes[index];
  }

  /** Returns the text when the bytes are valid UTF-8, or empty otherwise. */
  public Optional<String> toUtf8() {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  @Override
  public String typeName() {
    return "string";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LuaString that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Orders by unsigned bytes, as Lua's {@code <} does in the C locale. */
  @Override
  public int compareTo(LuaString other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  /** Returns the bytes decoded as UTF-8, with U+FFFD for invalid sequences. */
  @Override
  public String toString() {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
