package org.prosodyaccounts.lua;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Lua table: a map from non-nil keys to non-nil values, in insertion order.
 *
 * <p>Keys are normalized as Lua 5.3+ does: a float key with an integral value becomes the
 * integer key, so {@code [2.0]} and {@code [2]} are the same entry. A NaN key is rejected,
 * as in Lua. Setting a key to {@code null} removes it, like assigning {@code nil}.
 *
 * <p>Not thread-safe. Equality compares entries, not order. {@link #equals}, {@link #hashCode}
 * and {@link #copyOf} recurse into nested tables, so they overflow the stack on a table that
 * contains itself.
 */
public final class LuaTable implements LuaData {

  private final LinkedHashMap<LuaData, LuaData> entries = new LinkedHashMap<>();

  /** Creates an empty table. */
  public LuaTable() {}

  /** Returns a deep copy of {@code other}. */
  public static LuaTable copyOf(LuaTable other) {
    LuaTable copy = new LuaTable();
    for (Map.Entry<LuaData, LuaData> entry : other.entries.entrySet()) {
      LuaData value = entry.getValue();
      copy.entries.put(entry.getKey(), value instanceof LuaTable table ? copyOf(table) : value);
    }
    return copy;
  }

  /**
   * Returns the key that Lua would use for {@code key}: integral floats become integers.
   *
   * @throws IllegalArgumentException if the key is a NaN float
   */
  public static LuaData normalizeKey(LuaData key) {
    Objects.requireNonNull(key, "key");
    if (key instanceof LuaFloat number) {
      double value = number.value();
      if (Double.isNaN(value)) {
        throw new IllegalArgumentException("table index is NaN");
      }
      if (value == Math.rint(value) && value >= -0x1p63 && value < 0x1p63) {
        return LuaInteger.of((long) value);
      }
    }
    return key;
  }

  /** Sets {@code key} to {@code value}, or removes it when {@code value} is null. */
  public LuaTable put(LuaData key, LuaData value) {
    LuaData normalized = normalizeKey(key);
    if (value == null) {
      entries.remove(normalized);
    } else {
      entries.put(normalized, value);
    }
    return this;
  }

  /** Sets the string key {@code key} to {@code value}, or removes it when {@code value} is null. */
  public LuaTable put(String key, LuaData value) {
    return put(LuaString.of(key), value);
  }

  /** Sets the string key {@code key} to the UTF-8 string {@code value}. */
  public LuaTable put(String key, String value) {
    return put(LuaString.of(key), LuaString.of(value));
  }

  /** Sets the string key {@code key} to the integer {@code value}. */
  public LuaTable put(String key, long value) {
    return put(LuaString.of(key), LuaInteger.of(value));
  }

  /** Sets the string key {@code key} to the boolean {@code value}. */
  public LuaTable put(String key, boolean value) {
    return put(LuaString.of(key), LuaBoolean.of(value));
  }

  /**
   * Returns the value of {@code key}, normalized as {@link #normalizeKey} does, or empty.
   *
   * @throws IllegalArgumentException if the key is a NaN float
   */
  public Optional<LuaData> get(LuaData key) {
    return Optional.ofNullable(entries.get(normalizeKey(key)));
  }

  /** Returns the value of the string key {@code key}, or empty. */
  public Optional<LuaData> get(String key) {
    return get(LuaString.of(key));
  }

  /** Returns the value of {@code key} when it is a string, or empty otherwise. */
  public Optional<LuaString> getString(String key) {
    return get(key).filter(LuaString.class::isInstance).map(LuaString.class::cast);
  }

  /** Removes {@code key} and returns its value, or null when it was absent. */
  public LuaData remove(LuaData key) {
    return entries.remove(normalizeKey(key));
  }

  /** Removes the string key {@code key} and returns its value, or null when it was absent. */
  public LuaData remove(String key) {
    return remove(LuaString.of(key));
  }

  /** Returns whether the string key {@code key} has a value. */
  public boolean containsKey(String key) {
    return entries.containsKey(LuaString.of(key));
  }

  /** Returns the number of entries. */
  public int size() {
    return entries.size();
  }

  /** Returns whether the table has no entries. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Returns an unmodifiable view of the entries in insertion order. */
  public Map<LuaData, LuaData> entries() {
    return Collections.unmodifiableMap(entries);
  }

  @Override
  public String typeName() {
    return "table";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LuaTable that && entries.equals(that.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  /**
   * Returns the keys with the types and sizes of their values, such as
   * {@code {password=string(6 bytes), iteration_count=10000}}. String values are not shown,
   * because account records hold passwords and keys; numbers and booleans are.
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("{");
    String separator = "";
    for (Map.Entry<LuaData, LuaData> entry : entries.entrySet()) {
      text.append(separator).append(entry.getKey()).append('=');
      LuaData value = entry.getValue();
      if (value instanceof LuaString string) {
        text.append("string(").append(string.length()).append(" bytes)");
      } else {
        text.append(value);
      }
      separator = ", ";
    }
    return text.append('}').toString();
  }
}
