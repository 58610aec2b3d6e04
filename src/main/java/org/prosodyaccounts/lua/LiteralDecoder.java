package org.prosodyaccounts.lua;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Scans and decodes Lua string and number literals from source bytes with the rules of Lua 5.4's
 * lexer ({@code llex.c} and {@code lobject.c}), which Prosody 0.12 and 13 run on.
 *
 * <p>Every method takes the whole source and a start offset, so positions in errors are source
 * offsets. The scan methods validate a literal and return where it ends. The decode methods assume
 * a literal that a scan method accepted.
 */
final class LiteralDecoder {

  /** {@link #longBracketLevel} result for a {@code [} that does not open a long bracket. */
  static final int NOT_LONG_BRACKET = -1;

  /** {@link #longBracketLevel} result for {@code [=} not followed by {@code =} or {@code [}. */
  static final int MALFORMED_LONG_BRACKET = -2;

  /** Largest code point that <code>&#92;u{...}</code> accepts: Lua 5.4 encodes up to 2^31 - 1. */
  private static final long MAX_UTF8_ESCAPE = 0x7FFFFFFFL;

  private static final int MAX_ESCAPE_DISPLAY = 12;

  private LiteralDecoder() {}

  // ---- short strings: "..." and '...'

  /**
   * Validates the quoted string whose opening quote is at {@code start}.
   *
   * @return the offset just after the closing quote
   */
  static int scanShortString(byte[] source, int start) throws SourceError {
    return readShortString(source, start, null);
  }

  /** Decodes the quoted string at {@code start} that {@link #scanShortString} accepted. */
  static LuaString decodeShortString(byte[] source, int start, int end) throws SourceError {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(0, end - start - 2));
    readShortString(source, start, out);
    return LuaString.wrap(out.toByteArray());
  }

  private static int readShortString(byte[] source, int start, ByteArrayOutputStream out)
      throws SourceError {
    byte quote = source[start];
    int i = start + 1;
    while (true) {
      if (i >= source.length || isNewline(source[i])) {
        throw new SourceError(start, "unfinished string");
      }
      byte b = source[i];
      if (b == quote) {
        return i + 1;
      }
      if (b != '\\') {
        write(out, b);
        i++;
        continue;
      }
      i = readEscape(source, i, out);
    }
  }

  /** Reads the escape sequence at {@code backslash} and returns the offset after it. */
  private static int readEscape(byte[] source, int backslash, ByteArrayOutputStream out)
      throws SourceError {
    int i = backslash + 1;
    if (i >= source.length) {
      return i; // the caller reports the unfinished string
    }
    byte b = source[i];
    switch (b) {
      case 'a':
        return writeAndSkip(out, 0x07, i);
      case 'b':
        return writeAndSkip(out, 0x08, i);
      case 'f':
        return writeAndSkip(out, 0x0C, i);
      case 'n':
        return writeAndSkip(out, '\n', i);
      case 'r':
        return writeAndSkip(out, '\r', i);
      case 't':
        return writeAndSkip(out, '\t', i);
      case 'v':
        return writeAndSkip(out, 0x0B, i);
      case '\\':
      case '"':
      case '\'':
        return writeAndSkip(out, b, i);
      case '\n':
      case '\r':
        write(out, '\n');
        return skipNewline(source, i);
      case 'x':
        return readHexEscape(source, backslash, out);
      case 'u':
        return readUtf8Escape(source, backslash, out);
      case 'z':
        return skipSpaces(source, i + 1);
      default:
        if (isDigit(b)) {
          return readDecimalEscape(source, backslash, out);
        }
        throw new SourceError(
            backslash, "invalid escape sequence '" + display(source, backslash, i + 1) + "'");
    }
  }

  private static int readHexEscape(byte[] source, int backslash, ByteArrayOutputStream out)
      throws SourceError {
    int i = backslash + 2;
    int value = 0;
    for (int digit = 0; digit < 2; digit++) {
      if (i >= source.length || !isHexDigit(source[i])) {
        throw new SourceError(
            backslash,
            "hexadecimal digit expected in escape '" + display(source, backslash, i + 1) + "'");
      }
      value = value * 16 + hexValue(source[i]);
      i++;
    }
    write(out, value);
    return i;
  }

  private static int readUtf8Escape(byte[] source, int backslash, ByteArrayOutputStream out)
      throws SourceError {
    int i = backslash + 2;
    if (i >= source.length || source[i] != '{') {
      throw new SourceError(backslash, "missing '{' after '\\u' in a string");
    }
    i++;
    if (i >= source.length || !isHexDigit(source[i])) {
      throw new SourceError(
          backslash,
          "hexadecimal digit expected in escape '" + display(source, backslash, i + 1) + "'");
    }
    long value = 0;
    while (i < source.length && isHexDigit(source[i])) {
      if (value > (MAX_UTF8_ESCAPE >> 4)) {
        throw new SourceError(
            backslash,
            "UTF-8 value too large in escape '"
                + display(source, backslash, i + 1)
                + "' (the maximum is \\u{7FFFFFFF})");
      }
      value = (value << 4) + hexValue(source[i]);
      i++;
    }
    if (i >= source.length || source[i] != '}') {
      throw new SourceError(
          backslash, "missing '}' in escape '" + display(source, backslash, i + 1) + "'");
    }
    writeUtf8(out, value);
    return i + 1;
  }

  private static int readDecimalEscape(byte[] source, int backslash, ByteArrayOutputStream out)
      throws SourceError {
    int i = backslash + 1;
    int value = 0;
    for (int digit = 0; digit < 3 && i < source.length && isDigit(source[i]); digit++) {
      value = value * 10 + (source[i] - '0');
      i++;
    }
    if (value > 255) {
      throw new SourceError(
          backslash, "decimal escape '" + display(source, backslash, i) + "' is larger than 255");
    }
    write(out, value);
    return i;
  }

  /** Skips what {@code \z} skips: spaces, tabs, line breaks, vertical tabs and form feeds. */
  private static int skipSpaces(byte[] source, int start) {
    int i = start;
    while (i < source.length && isSpace(source[i])) {
      i = isNewline(source[i]) ? skipNewline(source, i) : i + 1;
    }
    return i;
  }

  /**
   * Encodes {@code value} as Lua 5.4's {@code luaO_utf8esc} does: standard UTF-8 up to U+10FFFF and
   * the original 5- and 6-byte forms above it. Surrogates are encoded like any other value.
   */
  private static void writeUtf8(ByteArrayOutputStream out, long value) {
    if (out == null) {
      return;
    }
    if (value < 0x80) {
      out.write((int) value);
      return;
    }
    byte[] reversed = new byte[6];
    int count = 0;
    long rest = value;
    int maxFirstByte = 0x3F;
    do {
      reversed[count++] = (byte) (0x80 | (rest & 0x3F));
      rest >>= 6;
      maxFirstByte >>= 1;
    } while (rest > maxFirstByte);
    out.write((int) ((~maxFirstByte << 1) | rest) & 0xFF);
    for (int k = count - 1; k >= 0; k--) {
      out.write(reversed[k]);
    }
  }

  // ---- long brackets: [[...]], [==[...]==] and long comments

  /**
   * Returns the level (the number of {@code =}) of the long bracket that opens at {@code start},
   * where {@code source[start]} is {@code [}, or {@link #NOT_LONG_BRACKET} or {@link
   * #MALFORMED_LONG_BRACKET}.
   */
  static int longBracketLevel(byte[] source, int start) {
    int i = start + 1;
    while (i < source.length && source[i] == '=') {
      i++;
    }
    int level = i - start - 1;
    if (i < source.length && source[i] == '[') {
      return level;
    }
    return level == 0 ? NOT_LONG_BRACKET : MALFORMED_LONG_BRACKET;
  }

  /**
   * Validates the long string or comment body that opens at {@code start} with {@code level}.
   *
   * @param what {@code "string"} or {@code "comment"}, for the error message
   * @return the offset just after the closing bracket
   */
  static int scanLongBracket(byte[] source, int start, int level, String what) throws SourceError {
    return readLongBracket(source, start, level, what, null);
  }

  /** Decodes the long string at {@code start} that {@link #scanLongBracket} accepted. */
  static LuaString decodeLongString(byte[] source, int start, int end) throws SourceError {
    int level = longBracketLevel(source, start);
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(0, end - start));
    readLongBracket(source, start, level, "string", out);
    return LuaString.wrap(out.toByteArray());
  }

  /**
   * Reads a long bracket as Lua does: a line break right after the opening bracket is dropped,
   * every line break inside (LF, CR, CR LF or LF CR) becomes one LF, and nothing is an escape.
   */
  private static int readLongBracket(
      byte[] source, int start, int level, String what, ByteArrayOutputStream out)
      throws SourceError {
    int i = start + level + 2;
    if (i < source.length && isNewline(source[i])) {
      i = skipNewline(source, i);
    }
    while (i < source.length) {
      byte b = source[i];
      if (b == ']') {
        int equals = i + 1;
        while (equals < source.length && source[equals] == '=') {
          equals++;
        }
        if (equals - i - 1 == level && equals < source.length && source[equals] == ']') {
          return equals + 1;
        }
        writeRange(out, source, i, equals);
        i = equals;
      } else if (isNewline(b)) {
        write(out, '\n');
        i = skipNewline(source, i);
      } else {
        write(out, b);
        i++;
      }
    }
    throw new SourceError(start, "unfinished long " + what);
  }

  // ---- numbers

  /**
   * Returns where the numeral that starts at {@code start} ends, by the extent rule of Lua 5.4's
   * {@code read_numeral}: digits, hex digits, dots, exponent marks with their sign, and one
   * touching letter, which makes the numeral malformed on purpose.
   */
  static int scanNumeral(byte[] source, int start) {
    int i = start;
    if (source[i] == '.') {
      i++;
    }
    byte first = source[i];
    i++;
    char exponentLower = 'e';
    if (first == '0' && i < source.length && (source[i] == 'x' || source[i] == 'X')) {
      exponentLower = 'p';
      i++;
    }
    while (i < source.length) {
      byte b = source[i];
      if (b == exponentLower || b == Character.toUpperCase(exponentLower)) {
        i++;
        if (i < source.length && (source[i] == '+' || source[i] == '-')) {
          i++;
        }
      } else if (isHexDigit(b) || b == '.') {
        i++;
      } else {
        break;
      }
    }
    if (i < source.length && isLetter(source[i])) {
      i++;
    }
    return i;
  }

  /**
   * Converts a numeral as Lua 5.4's {@code luaO_str2num} does. A decimal integer that does not fit
   * in 64 bits becomes a float, a hex integer wraps modulo 2^64, and anything with a dot or an
   * exponent is a float, hex floats included.
   */
  static LuaData decodeNumeral(byte[] source, int start, int end) throws SourceError {
    if (end - start <= 18 && allDecimalDigits(source, start, end)) {
      return LuaInteger.of(parseShortDecimal(source, start, end));
    }
    String text = new String(source, start, end - start, StandardCharsets.ISO_8859_1);
    boolean hex = text.length() > 1 && text.charAt(0) == '0' && (text.charAt(1) | 0x20) == 'x';
    LuaData value = hex ? decodeHex(text) : decodeDecimal(text);
    if (value == null) {
      throw new SourceError(start, "malformed number '" + display(source, start, end) + "'");
    }
    return value;
  }

  private static boolean allDecimalDigits(byte[] source, int start, int end) {
    for (int i = start; i < end; i++) {
      if (!isDigit(source[i])) {
        return false;
      }
    }
    return true;
  }

  /** Parses up to 18 decimal digits, which always fit in a long. */
  private static long parseShortDecimal(byte[] source, int start, int end) {
    long value = 0;
    for (int i = start; i < end; i++) {
      value = value * 10 + (source[i] - '0');
    }
    return value;
  }

  private static LuaData decodeDecimal(String text) {
    int mantissaEnd = indexOfAny(text, "eE");
    String mantissa = text.substring(0, mantissaEnd);
    int dot = mantissa.indexOf('.');
    String integerDigits = dot < 0 ? mantissa : mantissa.substring(0, dot);
    String fractionDigits = dot < 0 ? "" : mantissa.substring(dot + 1);
    if (!allDigits(integerDigits, 10) || !allDigits(fractionDigits, 10)) {
      return null;
    }
    if (integerDigits.isEmpty() && fractionDigits.isEmpty()) {
      return null;
    }
    if (mantissaEnd < text.length() && !isValidExponent(text.substring(mantissaEnd + 1))) {
      return null;
    }

    if (dot < 0 && mantissaEnd == text.length()) {
      LuaInteger integer = parseDecimalInteger(integerDigits);
      if (integer != null) {
        return integer;
      }
    }
    return LuaFloat.of(Double.parseDouble(text));
  }

  /** Returns the integer, or null when it does not fit in a signed 64-bit number. */
  private static LuaInteger parseDecimalInteger(String digits) {
    long value = 0;
    for (int k = 0; k < digits.length(); k++) {
      int digit = digits.charAt(k) - '0';
      if (value > (Long.MAX_VALUE - digit) / 10) {
        return null;
      }
      value = value * 10 + digit;
    }
    return LuaInteger.of(value);
  }

  private static LuaData decodeHex(String text) {
    String body = text.substring(2);
    int mantissaEnd = indexOfAny(body, "pP");
    String mantissa = body.substring(0, mantissaEnd);
    int dot = mantissa.indexOf('.');
    String integerDigits = dot < 0 ? mantissa : mantissa.substring(0, dot);
    String fractionDigits = dot < 0 ? "" : mantissa.substring(dot + 1);
    if (!allDigits(integerDigits, 16) || !allDigits(fractionDigits, 16)) {
      return null;
    }
    if (integerDigits.isEmpty() && fractionDigits.isEmpty()) {
      return null;
    }
    String exponent = mantissaEnd < body.length() ? body.substring(mantissaEnd + 1) : "0";
    if (!isValidExponent(exponent)) {
      return null;
    }

    if (dot < 0 && mantissaEnd == body.length()) {
      long value = 0;
      for (int k = 0; k < integerDigits.length(); k++) {
        value = value * 16 + Character.digit(integerDigits.charAt(k), 16);
      }
      return LuaInteger.of(value);
    }
    return LuaFloat.of(parseHexFloat(integerDigits, fractionDigits, exponent));
  }

  /**
   * Converts a hex float like C's {@code strtod}, with round-to-nearest-even. Java's parser needs a
   * binary exponent that fits in an int, so huge exponents are clamped first. The clamp leaves
   * room for every digit of the mantissa, so a clamped exponent still overflows to infinity or
   * underflows to zero exactly as the original would.
   */
  private static double parseHexFloat(String integerDigits, String fractionDigits, String exp) {
    int sign = exp.startsWith("-") ? -1 : 1;
    String expDigits = exp.replaceFirst("^[+-]", "").replaceFirst("^0+(?=.)", "");
    long limit = 100_000L + 4L * (integerDigits.length() + fractionDigits.length());
    long magnitude = expDigits.length() > 12 ? limit : Math.min(Long.parseLong(expDigits), limit);
    String literal =
        "0x"
            + (integerDigits.isEmpty() ? "0" : integerDigits)
            + "."
            + (fractionDigits.isEmpty() ? "0" : fractionDigits)
            + "p"
            + (sign * magnitude);
    return Double.parseDouble(literal);
  }

  private static boolean isValidExponent(String exponent) {
    String digits =
        exponent.startsWith("+") || exponent.startsWith("-") ? exponent.substring(1) : exponent;
    return !digits.isEmpty() && allDigits(digits, 10);
  }

  private static boolean allDigits(String text, int radix) {
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (c >= 0x80 || Character.digit(c, radix) < 0) {
        return false;
      }
    }
    return true;
  }

  private static int indexOfAny(String text, String chars) {
    for (int k = 0; k < text.length(); k++) {
      if (chars.indexOf(text.charAt(k)) >= 0) {
        return k;
      }
    }
    return text.length();
  }

  // ---- character classes of Lua's lctype in the C locale

  static boolean isNewline(byte b) {
    return b == '\n' || b == '\r';
  }

  /** Skips one line break at {@code i}: LF, CR, CR LF or LF CR, as Lua's inclinenumber does. */
  static int skipNewline(byte[] source, int i) {
    byte first = source[i];
    int next = i + 1;
    if (next < source.length && isNewline(source[next]) && source[next] != first) {
      next++;
    }
    return next;
  }

  static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0B || b == 0x0C;
  }

  static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  static boolean isHexDigit(byte b) {
    return isDigit(b) || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
  }

  static boolean isLetter(byte b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_';
  }

  private static int hexValue(byte b) {
    return Character.digit((char) b, 16);
  }

  private static int writeAndSkip(ByteArrayOutputStream out, int value, int i) {
    write(out, value);
    return i + 1;
  }

  private static void write(ByteArrayOutputStream out, int value) {
    if (out != null) {
      out.write(value);
    }
  }

  private static void writeRange(ByteArrayOutputStream out, byte[] source, int from, int to) {
    if (out != null) {
      out.write(source, from, to - from);
    }
  }

  /**
   * Returns source bytes for an error message: printable ASCII as is, other bytes as {@code \ddd},
   * cut after a few bytes.
   */
  static String display(byte[] source, int from, int to) {
    int end = Math.min(Math.min(to, source.length), from + MAX_ESCAPE_DISPLAY);
    StringBuilder text = new StringBuilder();
    for (int k = from; k < end; k++) {
      int b = source[k] & 0xFF;
      if (b >= 0x20 && b < 0x7F) {
        text.append((char) b);
      } else {
        text.append('\\').append(b);
      }
    }
    if (end < to) {
      text.append("...");
    }
    return text.toString();
  }
}
