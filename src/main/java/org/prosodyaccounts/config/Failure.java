package org.prosodyaccounts.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A located error inside the sandbox, before it becomes a {@link ConfigException}.
 *
 * @param detail what failed
 * @param location where, or null when unknown
 * @param includedFrom the {@code Include} lines that led to the file, innermost first
 */
record Failure(String detail, Location location, List<Location> includedFrom) {

  Failure {
    includedFrom = List.copyOf(includedFrom);
  }

  Failure(String detail, Location location) {
    this(detail, location, List.of());
  }

  /** Returns this failure with one more {@code Include} line at the outer end of the chain. */
  Failure includedFrom(Location include) {
    List<Location> chain = new ArrayList<>(includedFrom);
    chain.add(include);
    return new Failure(detail, location, chain);
  }

  ConfigException toException() {
    return new ConfigException(detail, location, includedFrom);
  }
}
