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

  public DataDirectoryException(Path path, String message) {
    super(message);
    this.path = path;
  }

  public DataDirectoryException(Path path, String message, Throwable cause) {
    super(message, cause);
    this.path = path;
  }

  public Path path() {
    return path;
  }
}
