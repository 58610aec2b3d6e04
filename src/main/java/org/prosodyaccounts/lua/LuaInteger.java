package org.prosodyaccounts.lua;

/** A Lua 5.3+ integer: a signed 64-bit number. */
public record LuaInteger(long value) implements LuaData {

  /** Returns the integer {@code value}. */
  public static LuaInteger of(long value) {
    return new LuaInteger(value);
  }

  @Override
  public String typeName() {
    return "number";
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
