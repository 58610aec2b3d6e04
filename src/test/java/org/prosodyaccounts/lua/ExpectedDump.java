package org.prosodyaccounts.lua;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the canonical dumps of {@code testdata/legacy/EXPECTED.md}, independently of {@link
 * LuaReader}: tables of {@code [key] = value;} entries, strings with {@code \" \\ \n \r \t},
 * three-digit {@code \ddd} and <code>&#92;u{XXXX}</code> escapes, integers, floats marked {@code
 * --[[float]]} or {@code --[[float key]]}, {@code (1/0)}, {@code (-1/0)}, {@code (0/0)}, {@code
 * true} and {@code false}.
 */
final class ExpectedDump {

  private static final Pattern SECTION =
      Pattern.compile("^## `([^`]+)`$.*?^```lua\\n(.*?)^```$", Pattern.MULTILINE | Pattern.DOTALL);

  private final String text;
  private int pos;

  private ExpectedDump(String text) {
    this.text = text;
  }

  /** Returns, for each file name, the values of its dump: one for a .dat, each item for a .list. */
  static Map<String, List<LuaData>> parseMarkdown(String markdown) {
    Map<String, List<LuaData>> result = new LinkedHashMap<>();
    Matcher matcher = SECTION.matcher(markdown);
    while (matcher.find()) {
      result.put(matcher.group(1), new ExpectedDump(matcher.group(2)).values());
    }
    return result;
  }

  private List<LuaData> values() {
    List<LuaData> values = new ArrayList<>();
    skipSpaceAndItemComments();
    while (pos < text.length()) {
      values.add(value());
      skipSpaceAndItemComments();
    }
    return values;
  }

  private void skipSpaceAndItemComments() {
    while (pos < text.length()) {
      if (Character.isWhitespace(text.charAt(pos))) {
        pos++;
      } else if (text.startsWith("-- ", pos)) {
        pos = text.indexOf('\n', pos);
      } else {
        return;
      }
    }
  }

  private LuaData value() {
    skipSpace();
    char c = text.charAt(pos);
    if (c == '{') {
      return table();
    }
    if (c == '"') {
      return string();
    }
    if (text.startsWith("(1/0)", pos)) {
      pos += 5;
      return LuaFloat.of(Double.POSITIVE_INFINITY);
    }
    if (text.startsWith("(-1/0)", pos)) {
      pos += 6;
      return LuaFloat.of(Double.NEGATIVE_INFINITY);
    }
    if (text.startsWith("(0/0)", pos)) {
      pos += 5;
      return LuaFloat.of(Double.NaN);
    }
    if (text.startsWith("true", pos)) {
      pos += 4;
      return LuaBoolean.TRUE;
    }
    if (text.startsWith("false", pos)) {
      pos += 5;
      return LuaBoolean.FALSE;
    }
    return number();
  }

  private LuaData number() {
    int start = pos;
    while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    String literal = text.substring(start, pos);
    skipSpace();
    if (text.startsWith("--[[float]]", pos)) {
      pos += "--[[float]]".length();
      return LuaFloat.of(Double.parseDouble(literal));
    }
    if (text.startsWith("--[[float key]]", pos)) {
      pos += "--[[float key]]".length();
      return LuaFloat.of(Double.parseDouble(literal));
    }
    return LuaInteger.of(Long.parseLong(literal));
  }

  private LuaTable table() {
    expect('{');
    LuaTable table = new LuaTable();
    while (true) {
      skipSpace();
      if (text.charAt(pos) == '}') {
        pos++;
        return table;
      }
      expect('[');
      LuaData key = value();
      expect(']');
      expect('=');
      LuaData entry = value();
      expect(';');
      if (table.get(key).isPresent()) {
        throw new IllegalStateException("duplicate key " + key + " in the expected dump");
      }
      table.put(key, entry);
    }
  }

  private LuaString string() {
    expect('"');
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    while (true) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return LuaString.of(bytes.toByteArray());
      }
      if (c != '\\') {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c)) {
          utf8 = text.substring(pos - 1, pos + 1).getBytes(StandardCharsets.UTF_8);
          pos++;
        }
        bytes.write(utf8, 0, utf8.length);
        continue;
      }
      char escape = text.charAt(pos++);
      switch (escape) {
        case '"':
        case '\\':
          bytes.write(escape);
          break;
        case 'n':
          bytes.write('\n');
          break;
        case 'r':
          bytes.write('\r');
          break;
        case 't':
          bytes.write('\t');
          break;
        case 'u':
          int close = text.indexOf('}', pos);
          int codePoint = Integer.parseInt(text.substring(pos + 1, close), 16);
          byte[] utf8 = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
          bytes.write(utf8, 0, utf8.length);
          pos = close + 1;
          break;
        default:
          bytes.write(Integer.parseInt(text.substring(pos - 1, pos + 2)));
          pos += 2;
      }
    }
  }

  private void expect(char c) {
    skipSpace();
    if (text.charAt(pos) != c) {
      throw new IllegalStateException("expected '" + c + "' at " + pos + " in: " + text);
    }
    pos++;
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }
}
