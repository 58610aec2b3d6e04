package org.prosodyaccounts.lua;

import java.util.Map;

/** Short builders for expected values in tests, and the expected effect of a round trip. */
final class LuaValues {

  private LuaValues() {}

  static LuaString str(String text) {
    return LuaString.of(text);
  }

  static LuaString bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int k = 0; k < values.length; k++) {
      bytes[k] = (byte) values[k];
    }
    return LuaString.of(bytes);
  }

  static LuaInteger integer(long value) {
    return LuaInteger.of(value);
  }

  static LuaFloat number(double value) {
    return LuaFloat.of(value);
  }

  /**
   * Returns a table from alternating keys and values. A {@code String} becomes a string, an {@code
   * Integer} or {@code Long} an integer, a {@code Double} a float and a {@code Boolean} a boolean.
   */
  static LuaTable table(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("odd number of arguments");
    }
    LuaTable table = new LuaTable();
    for (int k = 0; k < keysAndValues.length; k += 2) {
      table.put(toLua(keysAndValues[k]), toLua(keysAndValues[k + 1]));
    }
    return table;
  }

  static LuaData toLua(Object value) {
    if (value instanceof LuaData data) {
      return data;
    }
    if (value instanceof String text) {
      return LuaString.of(text);
    }
    if (value instanceof Integer number) {
      return LuaInteger.of(number);
    }
    if (value instanceof Long number) {
      return LuaInteger.of(number);
    }
    if (value instanceof Double number) {
      return LuaFloat.of(number);
    }
    if (value instanceof Boolean bool) {
      return LuaBoolean.of(bool);
    }
    throw new IllegalArgumentException("no Lua value for " + value);
  }

  /**
   * Returns what reading back the serialized {@code value} gives, by the rules that Prosody's
   * format has: a float with an integral value below 10^18 in magnitude is written without a point
   * and reads back as an integer ({@code -0.0} as 0), and {@code Long.MIN_VALUE} is written as
   * {@code -9223372036854775808}, which Lua reads as the float -2^63. Keys keep their value,
   * because the table normalizes a float key of -2^63 back to the integer.
   */
  static LuaData afterRoundTrip(LuaData value) {
    if (value instanceof LuaFloat number) {
      double v = number.value();
      if (v == Math.rint(v) && Math.abs(v) < 1e18) {
        return LuaInteger.of((long) v);
      }
      return value;
    }
    if (value instanceof LuaInteger integer && integer.value() == Long.MIN_VALUE) {
      return LuaFloat.of(-0x1p63);
    }
    if (value instanceof LuaTable table) {
      LuaTable result = new LuaTable();
      for (Map.Entry<LuaData, LuaData> entry : table.entries().entrySet()) {
        result.put(entry.getKey(), afterRoundTrip(entry.getValue()));
      }
      return result;
    }
    return value;
  }
}
