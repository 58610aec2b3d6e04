package org.prosodyaccounts.lua;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The typed, length-prefixed dump format shared with {@code prosody_loader.lua}: {@code N}, {@code
 * T}, {@code F}, {@code i<decimal>;}, {@code f<16 hex digits of the big-endian double>}, {@code
 * s<length>:<bytes>}, {@code t<count>:} followed by keys and values, {@code l<count>:} followed by
 * values.
 */
final class LuaDump {

  private LuaDump() {}

  /** Appends the dump of {@code value} (null for nil) to {@code out}. */
  static void write(LuaData value, ByteArrayOutputStream out) {
    if (value == null) {
      out.write('N');
    } else if (value instanceof LuaBoolean bool) {
      out.write(bool.value() ? 'T' : 'F');
    } else if (value instanceof LuaInteger integer) {
      writeAscii(out, "i" + integer.value() + ";");
    } else if (value instanceof LuaFloat number) {
      writeAscii(out, String.format("f%016x", Double.doubleToRawLongBits(number.value())));
    } else if (value instanceof LuaString string) {
      writeString(out, string.bytes());
    } else {
      LuaTable table = (LuaTable) value;
      writeAscii(out, "t" + table.size() + ":");
      for (Map.Entry<LuaData, LuaData> entry : table.entries().entrySet()) {
        write(entry.getKey(), out);
        write(entry.getValue(), out);
      }
    }
  }

  static void writeString(ByteArrayOutputStream out, byte[] bytes) {
    writeAscii(out, "s" + bytes.length + ":");
    out.write(bytes, 0, bytes.length);
  }

  static void writeAscii(ByteArrayOutputStream out, String text) {
    out.write(text.getBytes(StandardCharsets.US_ASCII), 0, text.length());
  }

  /** A cursor over dumped bytes. */
  static final class Parser {

    private final byte[] input;
    private int pos;

    Parser(byte[] input) {
      this.input = input;
    }

    boolean atEnd() {
      return pos >= input.length;
    }

    char peek() {
      return (char) (input[pos] & 0xFF);
    }

    char next() {
      return (char) (input[pos++] & 0xFF);
    }

    /** Reads one value, or returns empty for nil. */
    Optional<LuaData> value() {
      char tag = next();
      switch (tag) {
        case 'N':
          return Optional.empty();
        case 'T':
          return Optional.of(LuaBoolean.TRUE);
        case 'F':
          return Optional.of(LuaBoolean.FALSE);
        case 'i':
          return Optional.of(LuaInteger.of(Long.parseLong(until(';'))));
        case 'f':
          String hex = new String(input, pos, 16, StandardCharsets.US_ASCII);
          pos += 16;
          return Optional.of(LuaFloat.of(Double.longBitsToDouble(Long.parseUnsignedLong(hex, 16))));
        case 's':
          return Optional.of(LuaString.of(stringBody()));
        case 't':
          int count = Integer.parseInt(until(':'));
          LuaTable table = new LuaTable();
          for (int k = 0; k < count; k++) {
            LuaData key = value().orElseThrow(() -> new IllegalStateException("nil key in dump"));
            table.put(key, value().orElseThrow(() -> new IllegalStateException("nil value")));
          }
          return Optional.of(table);
        default:
          throw new IllegalStateException("bad dump tag '" + tag + "' at byte " + (pos - 1));
      }
    }

    /** Reads {@code l<count>:} and the values. */
    List<LuaData> list() {
      char tag = next();
      if (tag != 'l') {
        throw new IllegalStateException("expected a list, found '" + tag + "' at " + (pos - 1));
      }
      int count = Integer.parseInt(until(':'));
      List<LuaData> items = new ArrayList<>();
      for (int k = 0; k < count; k++) {
        items.add(value().orElseThrow(() -> new IllegalStateException("nil list item")));
      }
      return items;
    }

    /** Reads the body of an {@code s} value whose tag was already read. */
    byte[] stringBody() {
      int length = Integer.parseInt(until(':'));
      byte[] bytes = java.util.Arrays.copyOfRange(input, pos, pos + length);
      pos += length;
      return bytes;
    }

    private String until(char end) {
      int start = pos;
      while (input[pos] != end) {
        pos++;
      }
      String text = new String(input, start, pos - start, StandardCharsets.US_ASCII);
      pos++;
      return text;
    }
  }
}
