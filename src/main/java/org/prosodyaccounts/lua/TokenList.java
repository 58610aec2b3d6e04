package org.prosodyaccounts.lua;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The tokens of a source as parallel arrays: kind, start offset and end offset. Literal values are
 * not stored, because {@link LiteralDecoder} decodes them again from the source on demand, which
 * keeps the memory at a few bytes per token.
 */
final class TokenList {

  static final byte NAME = 1;
  static final byte KEYWORD = 2;
  static final byte NUMBER = 3;
  static final byte STRING = 4;
  static final byte LONG_STRING = 5;
  static final byte SYMBOL = 6;
  static final byte EOF = 7;

  private final byte[] source;
  private byte[] kinds = new byte[64];
  private int[] starts = new int[64];
  private int[] ends = new int[64];
  private int size;

  TokenList(byte[] source) {
    this.source = source;
  }

  void add(byte kind, int start, int end) {
    if (size == kinds.length) {
      int capacity = size * 2;
      kinds = Arrays.copyOf(kinds, capacity);
      starts = Arrays.copyOf(starts, capacity);
      ends = Arrays.copyOf(ends, capacity);
    }
    kinds[size] = kind;
    starts[size] = start;
    ends[size] = end;
    size++;
  }

  /** Returns the number of tokens, the final {@link #EOF} token included. */
  int size() {
    return size;
  }

  byte[] source() {
    return source;
  }

  byte kind(int index) {
    return kinds[index];
  }

  int start(int index) {
    return starts[index];
  }

  int end(int index) {
    return ends[index];
  }

  /** Returns the token's source text, one char per byte. */
  String text(int index) {
    return new String(
        source, starts[index], ends[index] - starts[index], StandardCharsets.ISO_8859_1);
  }

  /** Returns whether the token is the keyword or symbol {@code text}. */
  boolean is(int index, String text) {
    if (kinds[index] != KEYWORD && kinds[index] != SYMBOL) {
      return false;
    }
    int length = ends[index] - starts[index];
    if (length != text.length()) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      if (source[starts[index] + k] != text.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the token for an error message: {@code 'text'} cut to a few bytes, or "end of file".
   */
  String describe(int index) {
    if (kinds[index] == EOF) {
      return "end of file";
    }
    return "'" + LiteralDecoder.display(source, starts[index], ends[index]) + "'";
  }
}
