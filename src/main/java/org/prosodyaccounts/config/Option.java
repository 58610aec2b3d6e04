package org.prosodyaccounts.config;

import java.util.Objects;
import org.luaj.vm2.LuaValue;

/**
 * One option value as the configuration left it, with where it was last set.
 *
 * @param value the Lua value, never nil. A table is the one the configuration built, so changes
 *     made to it after the assignment show, as in Prosody.
 * @param setAt the assignment, or null when unknown
 */
record Option(LuaValue value, Location setAt) {

  Option {
    Objects.requireNonNull(value, "value");
  }
}
