package org.prosodyaccounts.lua;

/**
 * A Lua float: an IEEE 754 double. Equality uses {@link Double#compare}, so NaN equals NaN
 * and {@code -0.0} is not equal to {@code 0.0}.
 */
public record LuaFloat(double value) implements LuaData {

  /** Returns the float {@code value}; any double is allowed, NaN and infinities included. */
  public static LuaFloat of(double value) {
    return new LuaFloat(value);
  }

  @Override
  public String typeName() {
    return "number";
  }

  @Override
  public String toString() {
    return Double.toString(value);
  }
}
