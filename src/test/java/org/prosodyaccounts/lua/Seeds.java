package org.prosodyaccounts.lua;

/** The seed of randomized tests: the system property {@code lua.test.seed}, or a new one. */
final class Seeds {

  private Seeds() {}

  static long seed() {
    Long fixed = Long.getLong("lua.test.seed");
    return fixed != null ? fixed : new java.util.Random().nextLong();
  }

  /** Returns the failure text that names the case, its seed and how to run it again. */
  static String repeat(long seed, int index) {
    return "case " + index + " of seed " + seed + " (repeat with -Dlua.test.seed=" + seed + ")";
  }
}
