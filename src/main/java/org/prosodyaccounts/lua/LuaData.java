package org.prosodyaccounts.lua;

/**
 * A Lua value as it appears in Prosody's data files: a table, a byte string, an integer,
 * a float or a boolean. Lua's {@code nil} has no instance: a missing value is the absence
 * of a table entry.
 *
 * <p>All implementations are immutable, except {@link LuaTable}, which is mutable and not
 * thread-safe. Equality follows Lua's raw equality for strings, integers and booleans;
 * floats compare with {@link Double#compare}, so NaN equals NaN and {@code -0.0} differs
 * from {@code 0.0}, which is what a lossless round trip needs.
 */
public sealed interface LuaData permits LuaBoolean, LuaInteger, LuaFloat, LuaString, LuaTable {

  /** Returns the Lua type name: {@code boolean}, {@code number}, {@code string} or {@code table}. */
  String typeName();
}
