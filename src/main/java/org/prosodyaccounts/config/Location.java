package org.prosodyaccounts.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A position in a configuration file.
 *
 * @param file the file as it was opened
 * @param line the 1-based line, or 0 when unknown
 */
record Location(Path file, int line) {

  Location {
    Objects.requireNonNull(file, "file");
  }

  @Override
  public String toString() {
    return line > 0 ? file + ":" + line : file.toString();
  }
}
