package org.prosodyaccounts.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Thrown when the data directory or one of its folders is missing, is not a directory, or cannot
 * be read or written by this process. The message names the path, its owner and mode, the user
 * the process runs as, and the fix.
 */
public final class DataDirectoryException extends IOException {

  private final transient Path path;

  /** Creates the exception for {@code path}; the message states what is wrong and the fix. */
  public DataDirectoryException(Path path, String message) {
    super(message);
    this.path = path;
  }

  /** Creates the exception for {@code path} with the I/O error that caused it. */
  public DataDirectoryException(Path path, String message, Throwable cause) {
    super(message, cause);
    this.path = path;
  }

  /** Returns the folder or file that is missing or not accessible. */
  public Path path() {
    return path;
  }
}
