package org.prosodyaccounts.lua;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Random data files that use every literal syntax Lua 5.4 reads. Strings come in both quotes and
 * in long brackets of several levels, with every escape, raw control and high bytes, and all line
 * break styles. Numbers are decimal and hex integers and floats, with exponents and overflow,
 * unary minus, parentheses and the three divisions. Comments and unusual whitespace go between
 * tokens. With {@code invalidRate} above 0, some literals are made invalid in ways Lua rejects.
 */
final class RandomLuaSource {

  private static final String[] NEWLINES = {"\n", "\r", "\r\n", "\n\r"};
  private static final String[] SIMPLE_ESCAPES = {
    "\\a", "\\b", "\\f", "\\n", "\\r", "\\t", "\\v", "\\\\", "\\\"", "\\'"
  };
  private static final String[] INVALID_LITERALS = {
    "\"\\q\"",
    "\"\\256\"",
    "\"\\999\"",
    "\"\\x4g\"",
    "\"\\u{80000000}\"",
    "\"\\u{}\"",
    "\"\\u41\"",
    "\"a\nb\"",
    "3x",
    "1e",
    "0x",
    "1..2",
    "0x1p",
    "[=[ ]]",
    "'open"
  };

  private final Random random;
  private final double invalidRate;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  RandomLuaSource(long seed, double invalidRate) {
    this.random = new Random(seed);
    this.invalidRate = invalidRate;
  }

  /** Returns the next random chunk {@code return {...}}. */
  byte[] chunk() {
    out.reset();
    space();
    text("return");
    space();
    table(3);
    if (random.nextBoolean()) {
      space();
      text(";");
    }
    space();
    return out.toByteArray();
  }

  private void table(int depth) {
    text("{");
    int fields = random.nextInt(6);
    for (int k = 0; k < fields; k++) {
      space();
      field(depth);
      space();
      if (k < fields - 1 || random.nextBoolean()) {
        text(random.nextBoolean() ? "," : ";");
      }
    }
    space();
    text("}");
  }

  private void field(int depth) {
    switch (random.nextInt(3)) {
      case 0:
        value(depth);
        break;
      case 1:
        text("k" + Integer.toString(random.nextInt(1000), 36) + (random.nextBoolean() ? "_x" : ""));
        space();
        text("=");
        space();
        value(depth);
        break;
      default:
        text("[ ");
        if (random.nextBoolean()) {
          stringLiteral();
        } else {
          number();
        }
        text(" ]");
        space();
        text("=");
        space();
        value(depth);
    }
  }

  private void value(int depth) {
    if (random.nextDouble() < invalidRate) {
      text(INVALID_LITERALS[random.nextInt(INVALID_LITERALS.length)]);
      return;
    }
    switch (random.nextInt(depth > 0 ? 7 : 6)) {
      case 0:
      case 1:
        stringLiteral();
        break;
      case 2:
      case 3:
        number();
        break;
      case 4:
        text(random.nextBoolean() ? "true" : "false");
        break;
      case 5:
        special();
        break;
      default:
        table(depth - 1);
    }
  }

  private void special() {
    String[] forms = {"(1/0)", "(-1/0)", "(0/0)", "-(1/0)", "((1/0))", "( - 1 / 0 )", "-(0/0)"};
    text(forms[random.nextInt(forms.length)]);
  }

  private void number() {
    int minus = random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0;
    for (int k = 0; k < minus; k++) {
      text("- ");
    }
    boolean parens = random.nextInt(5) == 0;
    if (parens) {
      text("(");
    }
    text(numeral());
    if (parens) {
      text(")");
    }
  }

  private String numeral() {
    switch (random.nextInt(8)) {
      case 0:
        return Long.toString(random.nextLong() & Long.MAX_VALUE);
      case 1:
        return digits(1 + random.nextInt(25), "0123456789");
      case 2:
        return (random.nextBoolean() ? "0x" : "0X")
            + digits(1 + random.nextInt(20), "0123456789abcdefABCDEF");
      case 3:
        return digits(random.nextInt(4), "0123456789")
            + "."
            + digits(1 + random.nextInt(20), "0123456789");
      case 4:
        return digits(1 + random.nextInt(5), "0123456789")
            + (random.nextBoolean() ? "." : "")
            + (random.nextBoolean() ? "e" : "E")
            + sign()
            + digits(1 + random.nextInt(3), "0123456789");
      case 5:
        return "0x"
            + digits(random.nextInt(6), "0123456789abcdef")
            + "."
            + digits(1 + random.nextInt(15), "0123456789ABCDEF")
            + (random.nextBoolean()
                ? "p" + sign() + digits(1 + random.nextInt(4), "0123456789")
                : "");
      case 6:
        return digits(1 + random.nextInt(3), "0123456789") + ".";
      default:
        return Integer.toString(random.nextInt(100_000));
    }
  }

  private String sign() {
    String[] signs = {"", "+", "-"};
    return signs[random.nextInt(signs.length)];
  }

  private String digits(int count, String alphabet) {
    StringBuilder text = new StringBuilder();
    for (int k = 0; k < count; k++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  private void stringLiteral() {
    if (random.nextInt(4) == 0) {
      longString();
      return;
    }
    char quote = random.nextBoolean() ? '"' : '\'';
    out.write(quote);
    int parts = random.nextInt(8);
    for (int k = 0; k < parts; k++) {
      stringPart(quote);
    }
    out.write(quote);
  }

  private void stringPart(char quote) {
    switch (random.nextInt(9)) {
      case 0:
        text(SIMPLE_ESCAPES[random.nextInt(SIMPLE_ESCAPES.length)]);
        break;
      case 1:
        int value = random.nextInt(256);
        String decimal = Integer.toString(value);
        text("\\" + "0".repeat(random.nextInt(4 - decimal.length())) + decimal);
        break;
      case 2:
        text(
            "\\"
                + (random.nextBoolean() ? "x" : "x")
                + String.format(random.nextBoolean() ? "%02x" : "%02X", random.nextInt(256)));
        break;
      case 3:
        long codePoint =
            random.nextInt(4) == 0 ? random.nextInt() & 0x7FFFFFFFL : random.nextInt(0x110000);
        text("\\u{" + "0".repeat(random.nextInt(3)) + Long.toHexString(codePoint) + "}");
        break;
      case 4:
        text("\\z");
        for (int k = random.nextInt(4); k > 0; k--) {
          text(new String[] {" ", "\t", "\n", "\r\n", "\u000b", "\u000c"}[random.nextInt(6)]);
        }
        break;
      case 5:
        text("\\" + NEWLINES[random.nextInt(NEWLINES.length)]);
        break;
      case 6:
        out.write(0x80 + random.nextInt(0x80));
        break;
      case 7:
        int control = random.nextInt(0x20);
        out.write(control == '\n' || control == '\r' ? 0x7F : control);
        break;
      default:
        char c = (char) (0x20 + random.nextInt(0x5F));
        text(c == quote || c == '\\' ? "." : String.valueOf(c));
    }
  }

  private void longString() {
    int level = random.nextInt(4) == 0 ? random.nextInt(6) : random.nextInt(2);
    String close = "]" + "=".repeat(level) + "]";
    StringBuilder body = new StringBuilder();
    if (random.nextBoolean()) {
      body.append(NEWLINES[random.nextInt(NEWLINES.length)]);
    }
    int parts = random.nextInt(10);
    for (int k = 0; k < parts; k++) {
      String[] pieces = {
        "]",
        "=",
        "[",
        "]]",
        "]=]",
        "x",
        "\\n",
        "\"",
        "'",
        " ",
        "\u00e9",
        "\u0000",
        NEWLINES[random.nextInt(NEWLINES.length)]
      };
      body.append(pieces[random.nextInt(pieces.length)]);
    }
    String content = body.toString();
    while (content.contains(close)) {
      content = content.replace(close, "]#]");
    }
    if (content.endsWith("]" + "=".repeat(level))) {
      content = content + "#";
    }
    text("[" + "=".repeat(level) + "[" + content + close);
  }

  private void space() {
    int count = random.nextInt(3);
    for (int k = 0; k < count; k++) {
      switch (random.nextInt(6)) {
        case 0:
          text(NEWLINES[random.nextInt(NEWLINES.length)]);
          break;
        case 1:
          text(new String[] {"\t", "\u000b", "\u000c"}[random.nextInt(3)]);
          break;
        case 2:
          text("--" + digits(random.nextInt(5), "ab ]=") + "\n");
          break;
        case 3:
          int level = random.nextInt(3);
          String inside = level == 0 ? " c ]=] \n " : " c ]] \n ";
          text("--[" + "=".repeat(level) + "[" + inside + "]" + "=".repeat(level) + "]");
          break;
        default:
          text(" ");
      }
    }
  }

  private void text(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    out.write(bytes, 0, bytes.length);
  }
}
