package org.prosodyaccounts.lua;

/** A 1-based line and byte column in a source, counting line breaks as Lua does. */
record SourcePosition(int line, int column) {

  /**
   * Returns the position of {@code offset}. LF, CR, CR LF and LF CR each end one line, as in Lua's
   * lexer.
   */
  static SourcePosition of(byte[] source, int offset) {
    int line = 1;
    int lineStart = 0;
    int i = 0;
    int end = Math.min(offset, source.length);
    while (i < end) {
      if (LiteralDecoder.isNewline(source[i])) {
        i = LiteralDecoder.skipNewline(source, i);
        line++;
        lineStart = i;
      } else {
        i++;
      }
    }
    return new SourcePosition(line, Math.max(1, offset - lineStart + 1));
  }
}
