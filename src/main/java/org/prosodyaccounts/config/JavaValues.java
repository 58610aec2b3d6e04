package org.prosodyaccounts.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Copies Lua option values into immutable Java values: a string becomes a {@link String} (UTF-8
 * decoded), an integral number within ±2^53 a {@link Long}, another number a {@link Double}, a
 * boolean a {@link Boolean}, a table with the keys 1 to n an unmodifiable {@link List} (an empty
 * table too), any other table an unmodifiable {@link Map} in LuaJ's iteration order, and a function
 * or other value the string {@code <function>} and the like. A table that contains itself shows as
 * {@code <cycle>}. Tables are read raw: no metamethod runs.
 */
final class JavaValues {

  private static final double MAX_EXACT_INTEGER = 0x1p53;

  private final IdentityHashMap<LuaTable, Boolean> open = new IdentityHashMap<>();
  private long nodes;

  /** Thrown when a value is larger or deeper than {@link Limits} allow. */
  static final class TooLarge extends Exception {
    private static final long serialVersionUID = 1L;

    TooLarge(String message) {
      super(message, null, false, false);
    }
  }

  /** Returns the Java value, or null for nil and for errors kept for later. */
  Object convert(LuaValue value) throws TooLarge {
    return convert(value, 0);
  }

  private Object convert(LuaValue value, int depth) throws TooLarge {
    if (++nodes > Limits.MAX_VALUE_NODES) {
      throw new TooLarge("it has more than " + Limits.MAX_VALUE_NODES + " table entries");
    }
    switch (value.type()) {
      case LuaValue.TNIL:
        return null;
      case LuaValue.TBOOLEAN:
        return value.toboolean();
      case LuaValue.TNUMBER:
        return number(value.todouble());
      case LuaValue.TSTRING:
        return ((LuaString) value.checkstring()).tojstring();
      case LuaValue.TTABLE:
        return table(value.checktable(), depth);
      case LuaValue.TUSERDATA:
        return value.touserdata() instanceof DeferredError ? null : "<userdata>";
      default:
        return "<" + value.typename() + ">";
    }
  }

  private static Object number(double number) {
    if (number == Math.rint(number) && Math.abs(number) <= MAX_EXACT_INTEGER) {
      return (long) number;
    }
    return number;
  }

  private Object table(LuaTable table, int depth) throws TooLarge {
    if (depth >= Limits.MAX_VALUE_DEPTH) {
      throw new TooLarge("its tables nest more than " + Limits.MAX_VALUE_DEPTH + " deep");
    }
    if (open.containsKey(table)) {
      return "<cycle>";
    }
    open.put(table, Boolean.TRUE);
    try {
      Map<Object, Object> entries = new LinkedHashMap<>();
      LuaValue key = LuaValue.NIL;
      while (true) {
        Varargs entry = table.next(key);
        key = entry.arg1();
        if (key.isnil()) {
          break;
        }
        Object javaValue = convert(entry.arg(2), depth + 1);
        if (javaValue != null) {
          entries.put(convert(key, depth + 1), javaValue);
        }
      }
      return asListOrMap(entries);
    } finally {
      open.remove(table);
    }
  }

  private static Object asListOrMap(Map<Object, Object> entries) {
    List<Object> list = new ArrayList<>(entries.size());
    for (long i = 1; i <= entries.size(); i++) {
      Object item = entries.get(i);
      if (item == null) {
        return Collections.unmodifiableMap(entries);
      }
      list.add(item);
    }
    return Collections.unmodifiableList(list);
  }
}
