package org.prosodyaccounts.config;

import org.luaj.vm2.LuaError;

/**
 * The Lua error raised when a configuration file fails to compile or run, carrying that file's own
 * location. In an including file it is the error of the {@code Include} call, which the including
 * file may catch with {@code pcall} as in Prosody; LuaJ would otherwise replace the location with
 * the {@code Include} line.
 */
final class FileFailure extends LuaError {

  private static final long serialVersionUID = 1L;

  private final transient Failure failure;

  FileFailure(Failure failure) {
    super(failure.toException().getMessage());
    this.failure = failure;
  }

  Failure failure() {
    return failure;
  }
}
