package org.prosodyaccounts.lua;

/** A Lua boolean. */
public record LuaBoolean(boolean value) implements LuaData {

  /** Lua's {@code true}. */
  public static final LuaBoolean TRUE = new LuaBoolean(true);

  /** Lua's {@code false}. */
  public static final LuaBoolean FALSE = new LuaBoolean(false);

  /** Returns {@link #TRUE} or {@link #FALSE}. */
  public static LuaBoolean of(boolean value) {
    return value ? TRUE : FALSE;
  }

  @Override
  public String typeName() {
    return "boolean";
  }

  @Override
  public String toString() {
    return Boolean.toString(value);
  }
}
