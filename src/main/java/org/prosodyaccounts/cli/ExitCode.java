package org.prosodyaccounts.cli;

/**
 * The process exit codes. The commands that mirror prosodyctl exit with 0 and 1 where
 * prosodyctl 0.12.3 does; the other codes report conditions prosodyctl has no code for.
 */
final class ExitCode {

  /** The command succeeded; for {@code verify}, the password matches. */
  static final int OK = 0;

  /**
   * The command failed as prosodyctl reports it (the user exists, does not exist, has an invalid
   * name, or the password fails SASLprep); for {@code verify}, the password does not match.
   */
  static final int FAILURE = 1;

  /** The command line is invalid: an unknown command or option, or an invalid option value. */
  static final int USAGE = 2;

  /** {@code verify}: the account does not exist. */
  static final int NO_SUCH_ACCOUNT = 3;

  /** {@code verify}: the account is disabled (Prosody 13), so the server refuses every login. */
  static final int DISABLED = 4;

  /** A data file exists but is not valid Prosody data; it was left unchanged. */
  static final int CORRUPT_FILE = 5;

  /** The data directory is missing, not readable or not writable, or another I/O error occurred. */
  static final int IO_ERROR = 6;

  /**
   * Prosody's configuration cannot be read, or the host's accounts are not files this tool
   * manages (another authentication provider, or SQL storage). The commands that mirror prosodyctl
   * exit with 1 for the latter, as prosodyctl does.
   */
  static final int CONFIGURATION = 7;

  /** An internal error of this tool (a bug), reported in one line; {@code EX_SOFTWARE} of sysexits.h. */
  static final int INTERNAL = 70;

  private ExitCode() {}
}
