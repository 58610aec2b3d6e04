package org.prosodyaccounts.lua;

import java.util.Objects;

/**
 * A data file that {@link LuaReader} rejects: invalid Lua, or valid Lua that is more than literal
 * data (a function call, a global variable, a loop, an operator).
 *
 * <p>The message has the form {@code <chunkName>:<line>:<column>: <reason>}, like Lua's own errors.
 * Lines and columns are 1-based, columns count bytes, and either is 0 when the position is unknown.
 */
public final class LuaSyntaxException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String chunkName;
  private final int line;
  private final int column;
  private final String reason;

  /**
   * Creates the exception for {@code reason} at {@code line} and {@code column} of the chunk.
   *
   * @throws IllegalArgumentException if {@code line} or {@code column} is negative
   */
  public LuaSyntaxException(String chunkName, int line, int column, String reason) {
    super(chunkName + ":" + line + ":" + column + ": " + reason);
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("negative position " + line + ":" + column);
    }
    this.chunkName = Objects.requireNonNull(chunkName, "chunkName");
    this.line = line;
    this.column = column;
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Returns the chunk name the caller gave, usually the file's path. */
  public String chunkName() {
    return chunkName;
  }

  /** Returns the 1-based line of the error, or 0 when it is unknown. */
  public int line() {
    return line;
  }

  /** Returns the 1-based column of the error in bytes, or 0 when it is unknown. */
  public int column() {
    return column;
  }

  /** Returns what is wrong, in plain English, without the position. */
  public String reason() {
    return reason;
  }
}
