package org.prosodyaccounts.config;

/**
 * Bounds on what reading one configuration may use. Real configurations stay far below each: the
 * Jitsi-style test configuration (two files) runs 270 Lua instructions and allocates about 5 MB.
 */
final class Limits {

  /**
   * Lua VM instructions for all files together. SandboxTest's endless loops reach it in 0.1 to 0.4
   * s on a 2-core AMD EPYC virtual machine, hook included.
   */
  static final long MAX_INSTRUCTIONS = 10_000_000L;

  /** Heap bytes the reading thread may allocate while running Lua, compiling excluded. */
  static final long MAX_ALLOCATED_BYTES = 128L << 20;

  /** Wall-clock time for the whole reading, a backstop for slow library calls. */
  static final long MAX_SECONDS = 10;

  /** Length of one Lua string made by concatenation or a string function. */
  static final int MAX_STRING_BYTES = 4 << 20;

  /** Size of each configuration file and of each file read by FileContents and its kin. */
  static final int MAX_FILE_BYTES = 1 << 20;

  /** Values that {@code table.unpack} or {@code string.byte} may return at once. */
  static final int MAX_RESULTS = 1_000_000;

  /** Nested Lua function calls. */
  static final int MAX_CALL_DEPTH = 200;

  /** Files open in a chain of {@code Include} directives, the main file included. */
  static final int MAX_INCLUDE_DEPTH = 16;

  /** Configuration files read in total, counting a file once each time it is included. */
  static final int MAX_FILES = 256;

  /** Values copied out of Lua for all options together, counting a shared table each time. */
  static final int MAX_VALUE_NODES = 1_000_000;

  /** Nesting of tables inside one option value. */
  static final int MAX_VALUE_DEPTH = 100;

  /** Stack size requested for the reading thread, so that deep nesting does not depend on -Xss. */
  static final long THREAD_STACK_BYTES = 16L << 20;

  private Limits() {}

  static String mebibytes(long bytes) {
    return (bytes >> 20) + " MiB";
  }
}
