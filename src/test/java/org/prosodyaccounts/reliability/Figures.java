package org.prosodyaccounts.reliability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measured figures of the reliability tests, collected while they run and written to
 * {@code docs/reliability.md} by {@link ReliabilityReport} when the run ends.
 *
 * <p>Each section is a Markdown fragment: lines of facts and table rows, in the order the tests
 * add them. All methods are thread-safe.
 */
public final class Figures {

  /** The sections of the report, in order; the template has one placeholder for each. */
  public enum Section {
    HOSTILE_INPUTS,
    FUZZING,
    CRASH_SAFETY,
    CONCURRENT_WRITERS,
    LINK_ATTACKS,
    SECRETS,
    DISK_FULL
  }

  private static final Map<Section, List<String>> LINES = new LinkedHashMap<>();

  private Figures() {}

  /** Adds one Markdown line, such as a table row or a list item, to a section. */
  public static synchronized void add(Section section, String line) {
    LINES.computeIfAbsent(section, s -> new ArrayList<>()).add(line);
  }

  /** Returns a copy of every section's lines. */
  static synchronized Map<Section, List<String>> snapshot() {
    Map<Section, List<String>> copy = new LinkedHashMap<>();
    LINES.forEach((section, lines) -> copy.put(section, List.copyOf(lines)));
    return copy;
  }
}
