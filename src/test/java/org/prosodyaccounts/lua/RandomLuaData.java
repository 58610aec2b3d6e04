package org.prosodyaccounts.lua;

import java.util.Random;

/**
 * Random tables for round-trip tests: strings over all 256 byte values, integers at the 64-bit
 * edges, floats with every special value (negative zero, infinities, NaN, subnormals, integral
 * floats), array parts, nested tables, and boolean, integer, float and string keys.
 */
final class RandomLuaData {

  private static final long[] EDGE_INTEGERS = {
    0,
    1,
    -1,
    2,
    Long.MAX_VALUE,
    Long.MIN_VALUE,
    Long.MIN_VALUE + 1,
    Long.MAX_VALUE - 1,
    1L << 53,
    (1L << 53) + 1,
    -(1L << 53) - 1,
    999_999_999_999_999_999L,
    1_000_000_000_000_000_000L,
    Integer.MAX_VALUE,
    Integer.MIN_VALUE,
    10000,
    4096
  };

  private static final double[] EDGE_FLOATS = {
    0.0,
    -0.0,
    Double.MIN_VALUE,
    -Double.MIN_VALUE,
    Double.MIN_NORMAL,
    Double.MAX_VALUE,
    -Double.MAX_VALUE,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    Double.NaN,
    0.1,
    2.5,
    3.0,
    -3.0,
    1e300,
    1e-300,
    0x1p53,
    0x1p63,
    -0x1p63,
    0x1p64,
    1e17,
    1e18,
    9.99e17,
    1e-5,
    1e-4,
    123456.789,
    1425211200.25,
    4.9406564584124654e-324,
    2.2250738585072009e-308
  };

  private final Random random;

  RandomLuaData(long seed) {
    this.random = new Random(seed);
  }

  LuaTable table(int maxDepth) {
    LuaTable table = new LuaTable();
    if (random.nextInt(3) == 0) {
      int arrayLength = random.nextInt(6);
      for (int k = 1; k <= arrayLength; k++) {
        table.put(LuaInteger.of(k), value(maxDepth - 1));
      }
    }
    int entries = random.nextInt(7);
    for (int k = 0; k < entries; k++) {
      table.put(key(), value(maxDepth - 1));
    }
    return table;
  }

  LuaData key() {
    switch (random.nextInt(6)) {
      case 0:
        return LuaBoolean.of(random.nextBoolean());
      case 1:
        return integer();
      case 2:
        double number = floatValue();
        return Double.isNaN(number) ? LuaFloat.of(0.5) : LuaFloat.of(number);
      case 3:
        return LuaInteger.of(random.nextInt(12) - 2);
      default:
        return string();
    }
  }

  LuaData value(int maxDepth) {
    int choice = random.nextInt(maxDepth > 0 ? 6 : 5);
    switch (choice) {
      case 0:
        return LuaBoolean.of(random.nextBoolean());
      case 1:
        return integer();
      case 2:
        return LuaFloat.of(floatValue());
      case 3:
      case 4:
        return string();
      default:
        return table(maxDepth);
    }
  }

  LuaInteger integer() {
    switch (random.nextInt(3)) {
      case 0:
        return LuaInteger.of(EDGE_INTEGERS[random.nextInt(EDGE_INTEGERS.length)]);
      case 1:
        return LuaInteger.of(random.nextInt(20001) - 10000);
      default:
        return LuaInteger.of(random.nextLong());
    }
  }

  double floatValue() {
    switch (random.nextInt(5)) {
      case 0:
        return EDGE_FLOATS[random.nextInt(EDGE_FLOATS.length)];
      case 1:
        return Double.longBitsToDouble(random.nextLong());
      case 2:
        return Double.longBitsToDouble(random.nextLong() & 0x000F_FFFF_FFFF_FFFFL); // subnormal
      case 3:
        return (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
      default:
        return (double) (random.nextInt(2_000_001) - 1_000_000); // integral float
    }
  }

  LuaString string() {
    int length = random.nextInt(4) == 0 ? random.nextInt(60) : random.nextInt(12);
    byte[] bytes = new byte[length];
    if (random.nextBoolean()) {
      random.nextBytes(bytes);
    } else {
      for (int k = 0; k < length; k++) {
        bytes[k] = (byte) (0x20 + random.nextInt(0x5F));
      }
    }
    return LuaString.of(bytes);
  }
}
