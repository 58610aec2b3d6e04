package org.prosodyaccounts.server;

import java.nio.charset.StandardCharsets;

/** Lua source text for generated configuration files. */
final class LuaText {

  private LuaText() {}

  /** Returns {@code text} as a double-quoted Lua string literal, with every byte outside printable ASCII escaped. */
  static String quote(String text) {
    StringBuilder literal = new StringBuilder("\"");
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int value = b & 0xFF;
      if (value == '"' || value == '\\') {
        literal.append('\\').append((char) value);
      } else if (value >= 0x20 && value < 0x7F) {
        literal.append((char) value);
      } else {
        literal.append(String.format("\\%03d", value));
      }
    }
    return literal.append('"').toString();
  }
}
