package org.prosodyaccounts.reliability;

import java.util.Map;
import java.util.TreeMap;

/** Counts the inputs each fuzz target ran, and how many of them the reader rejected. */
final class FuzzFigures {

  private static final Map<String, long[]> COUNTS = new TreeMap<>();

  private FuzzFigures() {}

  static synchronized void accepted(String target) {
    COUNTS.computeIfAbsent(target, t -> new long[2])[0]++;
  }

  static synchronized void rejected(String target) {
    COUNTS.computeIfAbsent(target, t -> new long[2])[1]++;
  }

  /** Returns, per target, the inputs read without error and the inputs rejected. */
  static synchronized Map<String, long[]> counts() {
    Map<String, long[]> copy = new TreeMap<>();
    COUNTS.forEach((target, counts) -> copy.put(target, counts.clone()));
    return copy;
  }
}
