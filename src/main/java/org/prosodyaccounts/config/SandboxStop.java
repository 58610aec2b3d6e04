package org.prosodyaccounts.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Stops the configuration at once: a limit was reached or the configuration used something the
 * sandbox does not provide. It is an {@link Error} because LuaJ's {@code pcall}, {@code xpcall} and
 * VM catch every {@link Exception} and turn it into a Lua error that the configuration could catch
 * and ignore.
 */
final class SandboxStop extends Error {

  private static final long serialVersionUID = 1L;

  private final String detail;
  private final transient Location location;
  private final transient List<Location> includedFrom = new ArrayList<>();

  SandboxStop(String detail, Location location) {
    super(detail, null, false, false);
    this.detail = detail;
    this.location = location;
  }

  /** Records an {@code Include} line that the stop passes on its way out. */
  void addIncludedFrom(Location include) {
    includedFrom.add(include);
  }

  Failure failure() {
    return new Failure(detail, location, includedFrom);
  }
}
