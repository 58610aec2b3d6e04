package org.prosodyaccounts.lua;

/**
 * The seed of randomized tests (the system property {@code lua.test.seed}, or a new one) and the
 * number of cases of the differential tests against Prosody (the system property
 * {@code lua.test.count}).
 */
final class Seeds {

  private Seeds() {}

  static long seed() {
    Long fixed = Long.getLong("lua.test.seed");
    return fixed != null ? fixed : new java.util.Random().nextLong();
  }

  /** Returns the system property {@code lua.test.count}, or {@code defaultCount} when it is not set. */
  static int count(int defaultCount) {
    return Integer.getInteger("lua.test.count", defaultCount);
  }

  /** Returns the failure text that names the case, its seed and how to run it again. */
  static String repeat(long seed, int index) {
    return "case " + index + " of seed " + seed + " (repeat with -Dlua.test.seed=" + seed + ")";
  }
}
