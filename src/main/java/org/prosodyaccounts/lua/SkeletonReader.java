package org.prosodyaccounts.lua;

import java.io.Reader;

/**
 * The text that LuaJ's parser reads in place of the source: one token per line, so that token
 * {@code k} is on line {@code k + 1}, with every string literal written as {@code ""} and every
 * number as {@code 0}.
 *
 * <p>The parser then never receives a literal's bytes, which it would decode wrongly, and every line
 * number in its syntax tree and its errors names a token of the {@link TokenList}. Names, keywords
 * and symbols are passed on unchanged, because they are ASCII.
 */
final class SkeletonReader extends Reader {

  private final TokenList tokens;
  private int token;
  private String pending = "";
  private int pendingPosition;

  SkeletonReader(TokenList tokens) {
    this.tokens = tokens;
  }

  /** Returns the index of the token that LuaJ reports on {@code line}, or -1 if there is none. */
  static int tokenAtLine(TokenList tokens, int line) {
    int index = line - 1;
    return index >= 0 && index < tokens.size() ? index : -1;
  }

  @Override
  public int read(char[] buffer, int offset, int length) {
    if (length == 0) {
      return 0;
    }
    int written = 0;
    while (written < length) {
      if (pendingPosition == pending.length()) {
        if (!nextToken()) {
          break;
        }
      }
      int count = Math.min(length - written, pending.length() - pendingPosition);
      pending.getChars(pendingPosition, pendingPosition + count, buffer, offset + written);
      pendingPosition += count;
      written += count;
    }
    return written == 0 ? -1 : written;
  }

  private boolean nextToken() {
    if (token >= tokens.size() || tokens.kind(token) == TokenList.EOF) {
      return false;
    }
    pending = skeletonText(token) + "\n";
    pendingPosition = 0;
    token++;
    return true;
  }

  private String skeletonText(int index) {
    switch (tokens.kind(index)) {
      case TokenList.NUMBER:
        return "0";
      case TokenList.STRING:
      case TokenList.LONG_STRING:
        return "\"\"";
      default:
        return tokens.text(index);
    }
  }

  @Override
  public void close() {}
}
