package org.prosodyaccounts.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Thrown when a data file exists but cannot be read as Prosody data: a syntax error, code where
 * data belongs, a file that is too large or nested too deeply, or a value of the wrong type.
 * The file is never changed by the operation that throws this.
 */
public final class CorruptFileException extends IOException {

  private final transient Path file;
  private final int line;
  private final int column;
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param line the 1-based line, or 0 when the problem has no position
   * @param column the 1-based column in bytes, or 0 when unknown
   */
  public CorruptFileException(Path file, int line, int column, String reason) {
    super(format(file, line, column, reason));
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }

  private static String format(Path file, int line, int column, String reason) {
    if (line <= 0) {
      return file + ": " + reason;
    }
    return column <= 0 ? file + ":" + line + ": " + reason : file + ":" + line + ":" + column + ": " + reason;
  }

  /** Returns the file that cannot be read. */
  public Path file() {
    return file;
  }

  /** Returns the 1-based line of the problem, or 0 when it has no position. */
  public int line() {
    return line;
  }

  /** Returns the 1-based column in bytes, or 0 when unknown. */
  public int column() {
    return column;
  }

  /** Returns the problem without the position. */
  public String reason() {
    return reason;
  }
}
