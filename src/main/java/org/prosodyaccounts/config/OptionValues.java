package org.prosodyaccounts.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Copies every section's options out of Lua, for {@link ProsodyConfig#option}. */
final class OptionValues {

  private OptionValues() {}

  static Map<String, Map<String, Object>> copy(Map<String, Section> sections)
      throws ConfigException {
    JavaValues converter = new JavaValues();
    Map<String, Map<String, Object>> copies = new LinkedHashMap<>();
    for (Section section : sections.values()) {
      Map<String, Object> options = new LinkedHashMap<>();
      for (Map.Entry<String, Option> entry : section.options().entrySet()) {
        Object value = convert(converter, section, entry.getKey(), entry.getValue());
        if (value != null) {
          options.put(entry.getKey(), value);
        }
      }
      copies.put(section.name(), Collections.unmodifiableMap(options));
    }
    return Collections.unmodifiableMap(copies);
  }

  private static Object convert(JavaValues converter, Section section, String name, Option option)
      throws ConfigException {
    try {
      return converter.convert(option.value());
    } catch (JavaValues.TooLarge e) {
      throw new ConfigException(
          "the option "
              + name
              + " in section \""
              + section.name()
              + "\" is too large to read: "
              + e.getMessage(),
          option.setAt());
    }
  }
}
