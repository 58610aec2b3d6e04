package org.prosodyaccounts.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.prosodyaccounts.lua.LuaBoolean;
import org.prosodyaccounts.lua.LuaInteger;
import org.prosodyaccounts.lua.LuaString;
import org.prosodyaccounts.lua.LuaTable;

/**
 * Test fixture helper: reads the flat account files that Prosody writes ({@code return {}, {@code
 * ["key"] = value;} lines, {@code };}) into a {@link LuaTable}. Values are double-quoted strings,
 * integers and booleans. It is not a Lua reader and rejects any other line, so the tests see a
 * failure instead of a silently skipped field.
 */
// TODO: replace with the project's Lua reader (org.prosodyaccounts.lua) once it is on this branch.
final class AccountFileFixture {

  private static final Pattern FIELD =
      Pattern.compile("\\t\\[\"([a-z_]+)\"\\] = (\"(?:[^\"\\\\]|\\\\.)*\"|-?[0-9]+|true|false);");

  private AccountFileFixture() {}

  static LuaTable read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
    if (lines.size() < 2
        || !lines.get(0).equals("return {")
        || !lines.get(lines.size() - 1).equals("};")) {
      throw new IllegalArgumentException("not a flat Prosody record: " + file);
    }
    LuaTable record = new LuaTable();
    for (String line : lines.subList(1, lines.size() - 1)) {
      Matcher field = FIELD.matcher(line);
      if (!field.matches()) {
        throw new IllegalArgumentException("unsupported line in " + file + ": " + line);
      }
      String key = field.group(1);
      String value = field.group(2);
      if (value.startsWith("\"")) {
        record.put(LuaString.of(key), LuaString.of(unescape(value)));
      } else if (value.equals("true") || value.equals("false")) {
        record.put(LuaString.of(key), LuaBoolean.of(value.equals("true")));
      } else {
        record.put(LuaString.of(key), LuaInteger.of(Long.parseLong(value)));
      }
    }
    return record;
  }

  /** Decodes a quoted Lua string read as ISO-8859-1, so each char is one byte of the file. */
  static byte[] unescape(String quoted) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int end = quoted.length() - 1;
    for (int i = 1; i < end; i++) {
      char c = quoted.charAt(i);
      if (c != '\\') {
        bytes.write(c);
        continue;
      }
      char next = quoted.charAt(++i);
      if (Character.isDigit(next)) {
        int value = 0;
        int digits = 0;
        while (digits < 3 && i < end && Character.isDigit(quoted.charAt(i))) {
          value = value * 10 + (quoted.charAt(i) - '0');
          i++;
          digits++;
        }
        i--;
        if (value > 255) {
          throw new IllegalArgumentException("decimal escape too large: " + value);
        }
        bytes.write(value);
        continue;
      }
      bytes.write(
          switch (next) {
            case '"', '\'', '\\' -> next;
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'a' -> 0x07;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'v' -> 0x0B;
            default -> throw new IllegalArgumentException("unsupported escape \\" + next);
          });
    }
    return bytes.toByteArray();
  }
}
