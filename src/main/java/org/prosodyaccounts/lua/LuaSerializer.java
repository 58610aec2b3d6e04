package org.prosodyaccounts.lua;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes Lua values in the exact format of Prosody's {@code util.serialization} with its default
 * options (Prosody 0.11, 0.12 and 13 write the same): tab indentation, every key in brackets,
 * strings double-quoted with byte-wise escapes, pure ASCII output.
 *
 * <p>A non-empty table is written as an opening brace, then for each entry a line break, one tab
 * per nesting level, the entry and a semicolon, then a line break, the parent's indentation and the
 * closing brace. The top-level table is level 1. An empty table is two braces with nothing between
 * them.
 *
 * <p>Key order is fixed, so writing the same table twice gives the same bytes. Prosody's own order
 * is Lua's hash order, which changes from run to run, and Prosody never depends on it. First come
 * the integer keys 1, 2, ..., n without a gap, written positionally (value only), as Prosody writes
 * an array part. The other keys follow in brackets, in this order: {@code false}, {@code true},
 * then numbers in ascending numeric value (integers and floats compared exactly), then strings by
 * unsigned bytes, then table keys in insertion order.
 *
 * <p>Numbers: integers as {@code %d}, floats as C's {@code %.18g}, infinities and NaN as {@code
 * (1/0)}, {@code (-1/0)} and {@code (0/0)}. Like Prosody's output, this does not always read back
 * with the same Lua subtype, although the value is equal in Lua:
 *
 * <ul>
 *   <li>a float with an integral value below 10^18 in magnitude, {@code -0.0} included, is written
 *       without a decimal point ({@code 3.0} as {@code 3}) and reads back as an integer;
 *   <li>the integer {@code Long.MIN_VALUE} is written as {@code -9223372036854775808}, which Lua
 *       reads as unary minus on a float, so it reads back as the float -2^63.
 * </ul>
 *
 * <p>Thread-safe: the methods keep no state between calls.
 */
public final class LuaSerializer {

  /** Deepest table nesting written, the top-level table being 1: Prosody's {@code maxdepth}. */
  public static final int MAX_DEPTH = 127;

  private static final String[] STRING_ESCAPES = stringEscapes();

  private static final MathContext SIGNIFICANT_18 = new MathContext(18, RoundingMode.HALF_EVEN);

  private LuaSerializer() {}

  /**
   * Returns {@code "return " + table + ";\n"}, the content of a {@code .dat} file as Prosody's
   * {@code datamanager.store} writes it.
   *
   * @throws IllegalArgumentException if tables nest deeper than {@link #MAX_DEPTH}, or a table
   *     appears more than once (shared or cyclic), which Prosody's serializer rejects too
   */
  public static byte[] serializeChunk(LuaTable table) {
    Objects.requireNonNull(table, "table");
    return ascii("return " + serialize(table) + ";\n");
  }

  /**
   * Returns {@code "item(" + value + ");\n"}, one item of a {@code .list} file as Prosody's {@code
   * datamanager.list_append} and {@code list_store} write it.
   *
   * @throws IllegalArgumentException as {@link #serializeChunk} does
   */
  public static byte[] serializeListItem(LuaData value) {
    Objects.requireNonNull(value, "value");
    return ascii("item(" + serialize(value) + ");\n");
  }

  /**
   * Returns {@code value} in Prosody's format, without the {@code return} or {@code item} wrapping,
   * as an ASCII string.
   *
   * @throws IllegalArgumentException as {@link #serializeChunk} does
   */
  public static String serialize(LuaData value) {
    Objects.requireNonNull(value, "value");
    StringBuilder out = new StringBuilder();
    new Writer(out).value(value, 1);
    return out.toString();
  }

  /**
   * Returns a finite double as C's {@code printf("%.18g")} prints it with glibc: 18 significant
   * digits rounded from the exact binary value, trailing zeros and a trailing point removed,
   * exponent form ({@code e+NN} or {@code e-NN}, at least two exponent digits) when the decimal
   * exponent is below -4 or at least 18. Negative zero is {@code -0}. Java's {@code %g} differs: it
   * keeps trailing zeros.
   *
   * @throws IllegalArgumentException if {@code value} is infinite or NaN
   */
  public static String formatFloat(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("not a finite number: " + value);
    }
    String sign = (Double.doubleToRawLongBits(value) < 0) ? "-" : "";
    if (value == 0) {
      return sign + "0";
    }

    BigDecimal rounded = new BigDecimal(Math.abs(value)).round(SIGNIFICANT_18);
    String digits = rounded.unscaledValue().toString();
    int exponent = digits.length() - 1 - rounded.scale();
    digits = stripTrailingZeros(digits);

    if (exponent < -4 || exponent >= 18) {
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String exponentSign = exponent < 0 ? "-" : "+";
      int magnitude = Math.abs(exponent);
      return sign + mantissa + "e" + exponentSign + (magnitude < 10 ? "0" : "") + magnitude;
    }
    if (exponent < 0) {
      return sign + "0." + "0".repeat(-exponent - 1) + digits;
    }
    if (digits.length() <= exponent + 1) {
      return sign + digits + "0".repeat(exponent + 1 - digits.length());
    }
    return sign + digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1);
  }

  private static String stripTrailingZeros(String digits) {
    int end = digits.length();
    while (end > 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    return digits.substring(0, end);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** Writes values, keeping the tables already written so that shared and cyclic ones fail. */
  private static final class Writer {

    private final StringBuilder out;
    private final Map<LuaTable, Boolean> written = new IdentityHashMap<>();

    Writer(StringBuilder out) {
      this.out = out;
    }

    void value(LuaData value, int depth) {
      if (value instanceof LuaTable) {
        table((LuaTable) value, depth);
      } else if (value instanceof LuaString) {
        string((LuaString) value);
      } else if (value instanceof LuaInteger) {
        out.append(((LuaInteger) value).value());
      } else if (value instanceof LuaFloat) {
        out.append(number(((LuaFloat) value).value()));
      } else {
        out.append(((LuaBoolean) value).value() ? "true" : "false");
      }
    }

    private void table(LuaTable table, int depth) {
      if (written.put(table, Boolean.TRUE) != null) {
        throw new IllegalArgumentException(
            "table appears more than once (shared or cyclic), which Prosody's serializer"
                + " rejects too; give each place its own copy, for example with LuaTable.copyOf");
      }
      if (depth > MAX_DEPTH) {
        throw new IllegalArgumentException(
            "tables nested deeper than " + MAX_DEPTH + " levels, Prosody's maximum");
      }
      if (table.isEmpty()) {
        out.append("{}");
        return;
      }

      String indent = "\t".repeat(depth);
      out.append('{');
      List<Map.Entry<LuaData, LuaData>> entries = KeyOrder.sortedEntries(table);
      long positional = KeyOrder.positionalCount(table);
      for (int k = 0; k < entries.size(); k++) {
        Map.Entry<LuaData, LuaData> entry = entries.get(k);
        out.append('\n').append(indent);
        if (k >= positional) {
          out.append('[');
          value(entry.getKey(), depth + 1);
          out.append("] = ");
        }
        value(entry.getValue(), depth + 1);
        out.append(';');
      }
      out.append('\n').append("\t".repeat(depth - 1)).append('}');
    }

    private void string(LuaString string) {
      out.append('"');
      for (int k = 0; k < string.length(); k++) {
        out.append(STRING_ESCAPES[string.byteAt(k) & 0xFF]);
      }
      out.append('"');
    }
  }

  private static String number(double value) {
    if (value == Double.POSITIVE_INFINITY) {
      return "(1/0)";
    }
    if (value == Double.NEGATIVE_INFINITY) {
      return "(-1/0)";
    }
    if (Double.isNaN(value)) {
      return "(0/0)";
    }
    return formatFloat(value);
  }

  /**
   * Returns how Prosody writes each byte in a string: named escapes for BEL, BS, TAB, LF, VT, FF,
   * CR, backslash and both quotes, {@code \ddd} for the other control bytes, DEL and every byte
   * from 0x80, and the byte itself otherwise.
   */
  private static String[] stringEscapes() {
    String[] escapes = new String[256];
    for (int b = 0; b < 256; b++) {
      boolean control = b < 0x20 || b >= 0x7F;
      escapes[b] = control ? String.format("\\%03d", b) : String.valueOf((char) b);
    }
    escapes[0x07] = "\\a";
    escapes[0x08] = "\\b";
    escapes[0x09] = "\\t";
    escapes[0x0A] = "\\n";
    escapes[0x0B] = "\\v";
    escapes[0x0C] = "\\f";
    escapes[0x0D] = "\\r";
    escapes['\\'] = "\\\\";
    escapes['"'] = "\\\"";
    escapes['\''] = "\\'";
    return escapes;
  }

  /** The serializer's fixed key order. */
  static final class KeyOrder {

    private KeyOrder() {}

    /** Returns n such that the keys 1 to n are all present and n + 1 is not. */
    static long positionalCount(LuaTable table) {
      long n = 0;
      while (table.get(LuaInteger.of(n + 1)).isPresent()) {
        n++;
      }
      return n;
    }

    /** Returns the entries in writing order: positional ones first, then sorted keys. */
    static List<Map.Entry<LuaData, LuaData>> sortedEntries(LuaTable table) {
      long positional = positionalCount(table);
      List<Map.Entry<LuaData, LuaData>> result = new ArrayList<>(table.size());
      for (long index = 1; index <= positional; index++) {
        LuaData key = LuaInteger.of(index);
        result.add(Map.entry(key, table.get(key).orElseThrow()));
      }

      List<Map.Entry<LuaData, LuaData>> others = new ArrayList<>();
      for (Map.Entry<LuaData, LuaData> entry : table.entries().entrySet()) {
        if (!isPositional(entry.getKey(), positional)) {
          others.add(entry);
        }
      }
      others.sort((a, b) -> compareKeys(a.getKey(), b.getKey()));
      result.addAll(others);
      return result;
    }

    private static boolean isPositional(LuaData key, long positional) {
      if (!(key instanceof LuaInteger)) {
        return false;
      }
      long value = ((LuaInteger) key).value();
      return value >= 1 && value <= positional;
    }

    /** Orders booleans, then numbers, then strings, then tables. Two tables compare equal. */
    static int compareKeys(LuaData a, LuaData b) {
      int byRank = Integer.compare(rank(a), rank(b));
      if (byRank != 0) {
        return byRank;
      }
      if (a instanceof LuaBoolean) {
        return Boolean.compare(((LuaBoolean) a).value(), ((LuaBoolean) b).value());
      }
      if (a instanceof LuaString) {
        return ((LuaString) a).compareTo((LuaString) b);
      }
      if (a instanceof LuaTable) {
        return 0;
      }
      return compareNumbers(a, b);
    }

    private static int rank(LuaData key) {
      if (key instanceof LuaBoolean) {
        return 0;
      }
      if (key instanceof LuaInteger || key instanceof LuaFloat) {
        return 1;
      }
      if (key instanceof LuaString) {
        return 2;
      }
      return 3;
    }

    /** Compares two numbers by exact value, as Lua compares an integer with a float. */
    static int compareNumbers(LuaData a, LuaData b) {
      if (a instanceof LuaInteger && b instanceof LuaInteger) {
        return Long.compare(((LuaInteger) a).value(), ((LuaInteger) b).value());
      }
      if (a instanceof LuaFloat && b instanceof LuaFloat) {
        return Double.compare(((LuaFloat) a).value(), ((LuaFloat) b).value());
      }
      if (a instanceof LuaInteger) {
        return compareIntegerWithFloat(((LuaInteger) a).value(), ((LuaFloat) b).value());
      }
      return -compareIntegerWithFloat(((LuaInteger) b).value(), ((LuaFloat) a).value());
    }

    private static int compareIntegerWithFloat(long integer, double number) {
      if (Double.isNaN(number)) {
        return -1;
      }
      if (number >= 0x1p63) {
        return -1;
      }
      if (number < -0x1p63) {
        return 1;
      }
      double floor = Math.floor(number);
      long floorValue = (long) floor;
      if (integer != floorValue) {
        return Long.compare(integer, floorValue);
      }
      return number > floor ? -1 : 0;
    }
  }
}
