package org.prosodyaccounts.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Thrown when Prosody's configuration cannot be read: a missing or unreadable file, a Lua syntax or
 * runtime error, something the sandbox does not allow, a limit reached, or an option of the wrong
 * type. The message names the file and line where known, the files that included it, and ends with
 * the command-line options that let the caller go on without the configuration.
 */
public final class ConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  /** The end of every message. */
  static final String HINT = "to go on without the configuration, give --data-path and --auth";

  private final transient Location location;
  private final String detail;

  ConfigException(String detail, Location location, List<Location> includedFrom) {
    super(format(detail, location, includedFrom));
    this.detail = Objects.requireNonNull(detail, "detail");
    this.location = location;
  }

  ConfigException(String detail, Location location) {
    this(detail, location, List.of());
  }

  private static String format(String detail, Location location, List<Location> includedFrom) {
    StringBuilder message = new StringBuilder("Cannot read the Prosody configuration: ");
    if (location != null) {
      message.append(location).append(": ");
    }
    message.append(detail);
    if (!includedFrom.isEmpty()) {
      message.append(" (included from ");
      for (int i = 0; i < includedFrom.size(); i++) {
        message.append(i == 0 ? "" : ", ").append(includedFrom.get(i));
      }
      message.append(')');
    }
    return message.append("; ").append(HINT).toString();
  }

  /** Returns the file where the problem is, or empty when it concerns no single file. */
  public Optional<Path> file() {
    return location == null ? Optional.empty() : Optional.of(location.file());
  }

  /** Returns the 1-based line of the problem, or empty when unknown. */
  public OptionalInt line() {
    return location == null || location.line() <= 0
        ? OptionalInt.empty()
        : OptionalInt.of(location.line());
  }

  /** Returns the problem without the file, the line and the closing hint. */
  public String detail() {
    return detail;
  }
}
