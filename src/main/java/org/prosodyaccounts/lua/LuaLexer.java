package org.prosodyaccounts.lua;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Splits source bytes into tokens with the rules of Lua 5.4's lexer, validating every string and
 * number literal on the way, and bounds the nesting before any parser recurses into it.
 *
 * <p>It also rejects, with a message that gives the reason, what Lua's {@code load()} would run or choke on
 * but a data file never contains: precompiled bytecode, a UTF-8 byte order mark, a {@code #!} line,
 * a NUL byte outside a string or comment, and the Lua 5.3 operators that LuaJ's Lua 5.2 grammar
 * does not know.
 */
final class LuaLexer {

  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "break",
          "do",
          "else",
          "elseif",
          "end",
          "false",
          "for",
          "function",
          "goto",
          "if",
          "in",
          "local",
          "nil",
          "not",
          "or",
          "repeat",
          "return",
          "then",
          "true",
          "until",
          "while");

  private static final Set<String> OPERATOR_KEYWORDS = Set.of("and", "or", "not");

  private final byte[] source;
  private final int maxDepth;
  private final TokenList tokens;

  /** Operators counted per open bracket level, for the nesting bound. */
  private final int[] operatorsAtLevel;

  private int level;
  private int nesting;

  private LuaLexer(byte[] source, int maxDepth) {
    this.source = source;
    this.maxDepth = maxDepth;
    this.tokens = new TokenList(source);
    this.operatorsAtLevel = new int[maxDepth + 2];
  }

  /**
   * Returns the tokens of {@code source}, ending with an {@link TokenList#EOF} token.
   *
   * @param maxDepth the largest nesting of brackets, parentheses and operators accepted
   */
  static TokenList tokenize(byte[] source, int maxDepth) throws SourceError {
    LuaLexer lexer = new LuaLexer(source, maxDepth);
    lexer.checkStart();
    lexer.run();
    lexer.checkFirstToken();
    return lexer.tokens;
  }

  private void checkStart() throws SourceError {
    if (source.length > 0 && source[0] == 0x1B) {
      throw new SourceError(
          0, "file is precompiled Lua bytecode (it starts with byte 0x1B), not a data file");
    }
    if (source.length >= 3
        && (source[0] & 0xFF) == 0xEF
        && (source[1] & 0xFF) == 0xBB
        && (source[2] & 0xFF) == 0xBF) {
      throw new SourceError(
          0,
          "file starts with a UTF-8 byte order mark (BOM), which Lua's load() does not skip;"
              + " remove the first 3 bytes");
    }
    if (source.length >= 2 && source[0] == '#' && source[1] == '!') {
      throw new SourceError(
          0, "file starts with a '#!' line, which Lua's load() does not skip; remove that line");
    }
  }

  /**
   * Rejects a {@code #} as the first token. LuaJ's parser would skip that line as a {@code #!}
   * line, but Lua's {@code load()}, which Prosody uses, rejects it.
   */
  private void checkFirstToken() throws SourceError {
    if (tokens.is(0, "#")) {
      throw new SourceError(
          tokens.start(0), "unexpected '#' at the start of the file, which Lua's load() rejects");
    }
  }

  private void run() throws SourceError {
    int i = 0;
    while (i < source.length) {
      byte b = source[i];
      if (LiteralDecoder.isNewline(b)) {
        i = LiteralDecoder.skipNewline(source, i);
      } else if (b == ' ' || b == '\t' || b == 0x0B || b == 0x0C) {
        i++;
      } else if (b == '-' && i + 1 < source.length && source[i + 1] == '-') {
        i = skipComment(i);
      } else if (LiteralDecoder.isLetter(b)) {
        i = readName(i);
      } else if (LiteralDecoder.isDigit(b)
          || (b == '.' && i + 1 < source.length && LiteralDecoder.isDigit(source[i + 1]))) {
        int end = LiteralDecoder.scanNumeral(source, i);
        LiteralDecoder.decodeNumeral(source, i, end);
        add(TokenList.NUMBER, i, end);
        i = end;
      } else if (b == '"' || b == '\'') {
        int end = LiteralDecoder.scanShortString(source, i);
        add(TokenList.STRING, i, end);
        i = end;
      } else {
        i = readSymbol(i);
      }
    }
    tokens.add(TokenList.EOF, source.length, source.length);
  }

  private int skipComment(int start) throws SourceError {
    int i = start + 2;
    if (i < source.length && source[i] == '[') {
      int commentLevel = LiteralDecoder.longBracketLevel(source, i);
      if (commentLevel >= 0) {
        try {
          return LiteralDecoder.scanLongBracket(source, i, commentLevel, "comment");
        } catch (SourceError e) {
          throw new SourceError(start, e.reason());
        }
      }
    }
    while (i < source.length && !LiteralDecoder.isNewline(source[i])) {
      i++;
    }
    return i;
  }

  private int readName(int start) throws SourceError {
    int i = start + 1;
    while (i < source.length
        && (LiteralDecoder.isLetter(source[i]) || LiteralDecoder.isDigit(source[i]))) {
      i++;
    }
    String name = new String(source, start, i - start, StandardCharsets.ISO_8859_1);
    boolean keyword = KEYWORDS.contains(name);
    add(keyword ? TokenList.KEYWORD : TokenList.NAME, start, i);
    if (OPERATOR_KEYWORDS.contains(name)) {
      countOperator(start);
    }
    return i;
  }

  private int readSymbol(int start) throws SourceError {
    byte b = source[start];
    byte next = start + 1 < source.length ? source[start + 1] : 0;
    switch (b) {
      case '[':
        return readBracket(start);
      case '(':
      case '{':
        return open(start);
      case ')':
      case '}':
      case ']':
        return close(start);
      case ',':
      case ';':
        return separator(start, 1);
      case '=':
        return next == '=' ? operator(start, 2) : separator(start, 1);
      case '<':
      case '>':
        if (next == b) {
          throw unsupportedOperator(start, 2);
        }
        return operator(start, next == '=' ? 2 : 1);
      case '~':
        if (next != '=') {
          throw unsupportedOperator(start, 1);
        }
        return operator(start, 2);
      case '/':
        if (next == '/') {
          throw unsupportedOperator(start, 2);
        }
        return operator(start, 1);
      case '&':
      case '|':
        throw unsupportedOperator(start, 1);
      case '+':
      case '-':
      case '*':
      case '%':
      case '^':
      case '#':
        return operator(start, 1);
      case ':':
        return symbol(start, next == ':' ? 2 : 1);
      case '.':
        return readDots(start);
      case 0:
        throw new SourceError(start, "NUL byte outside a string");
      default:
        throw new SourceError(start, "unexpected " + describeByte(b));
    }
  }

  private int readBracket(int start) throws SourceError {
    int bracketLevel = LiteralDecoder.longBracketLevel(source, start);
    if (bracketLevel == LiteralDecoder.MALFORMED_LONG_BRACKET) {
      throw new SourceError(
          start, "invalid long string delimiter: '[' and '=' without a second '['");
    }
    if (bracketLevel == LiteralDecoder.NOT_LONG_BRACKET) {
      return open(start);
    }
    int end = LiteralDecoder.scanLongBracket(source, start, bracketLevel, "string");
    add(TokenList.LONG_STRING, start, end);
    return end;
  }

  private int readDots(int start) throws SourceError {
    int end = start + 1;
    while (end < source.length && end - start < 3 && source[end] == '.') {
      end++;
    }
    if (end - start == 2) {
      return operator(start, 2);
    }
    return symbol(start, end - start);
  }

  private SourceError unsupportedOperator(int start, int length) {
    return new SourceError(
        start,
        "operator '"
            + LiteralDecoder.display(source, start, start + length)
            + "' is not allowed in a data file");
  }

  private int symbol(int start, int length) {
    add(TokenList.SYMBOL, start, start + length);
    return start + length;
  }

  private int operator(int start, int length) throws SourceError {
    add(TokenList.SYMBOL, start, start + length);
    countOperator(start);
    return start + length;
  }

  private int separator(int start, int length) {
    add(TokenList.SYMBOL, start, start + length);
    nesting -= operatorsAtLevel[level];
    operatorsAtLevel[level] = 0;
    return start + length;
  }

  private int open(int start) throws SourceError {
    add(TokenList.SYMBOL, start, start + 1);
    level++;
    nesting++;
    checkNesting(start);
    operatorsAtLevel[level] = 0;
    return start + 1;
  }

  private int close(int start) {
    add(TokenList.SYMBOL, start, start + 1);
    if (level > 0) {
      nesting -= operatorsAtLevel[level] + 1;
      level--;
    }
    return start + 1;
  }

  private void countOperator(int start) throws SourceError {
    operatorsAtLevel[level]++;
    nesting++;
    checkNesting(start);
  }

  /**
   * Rejects nesting above the bound. LuaJ's parser recurses once per open table, bracket or
   * parenthesis and once per operator in an expression, so this keeps it far from the stack limit.
   */
  private void checkNesting(int start) throws SourceError {
    if (nesting > maxDepth) {
      throw new SourceError(
          start,
          "nesting deeper than "
              + maxDepth
              + " levels (tables, brackets, parentheses and operators count)");
    }
  }

  private void add(byte kind, int start, int end) {
    tokens.add(kind, start, end);
  }

  private static String describeByte(byte b) {
    int value = b & 0xFF;
    if (value >= 0x21 && value < 0x7F) {
      return "character '" + (char) value + "'";
    }
    return String.format("byte 0x%02X outside a string", value);
  }
}
