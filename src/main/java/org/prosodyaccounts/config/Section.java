package org.prosodyaccounts.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.luaj.vm2.LuaValue;

/**
 * The options of one section of the configuration: the global section {@code *} or a host. Options
 * are kept in the order they were first set.
 */
final class Section {

  /** The name of the global section. */
  static final String GLOBAL = "*";

  private final String name;
  private final Location declaredAt;
  private final Map<String, Option> options = new LinkedHashMap<>();

  /**
   * Creates an empty section.
   *
   * @param declaredAt the directive that created the section, or null for the global section
   */
  Section(String name, Location declaredAt) {
    this.name = name;
    this.declaredAt = declaredAt;
  }

  String name() {
    return name;
  }

  Location declaredAt() {
    return declaredAt;
  }

  /** Returns the option set in this section itself, or null. */
  Option get(String option) {
    return options.get(option);
  }

  /** Sets an option; nil removes it, as assigning nil to a Lua table field does. */
  void set(String option, LuaValue value, Location setAt) {
    if (value.isnil()) {
      options.remove(option);
    } else {
      options.put(option, new Option(value, setAt));
    }
  }

  Map<String, Option> options() {
    return options;
  }
}
