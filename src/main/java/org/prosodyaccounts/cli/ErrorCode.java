package org.prosodyaccounts.cli;

import java.util.Locale;

/**
 * The stable error codes of the {@code --json} document's {@code error.code} field, documented in
 * docs/json-output.md. Scripts compare these strings, so a code is never renamed or reused.
 */
enum ErrorCode {
  /** An invalid command line: unknown command or option, missing or surplus arguments. */
  USAGE,
  /** A user, host or JID fails stringprep or lacks a part. */
  INVALID_JID,
  /** The password fails SASLprep. */
  INVALID_PASSWORD,
  /** No password was given, or its source could not be read. */
  NO_PASSWORD,
  ACCOUNT_EXISTS,
  NO_SUCH_ACCOUNT,
  /** The host is not in Prosody's configuration where the command requires it. */
  NO_SUCH_HOST,
  /** The host's accounts are not files this tool manages (another provider, SQL storage). */
  HOST_REJECTED,
  /**
   * {@code verify}: the password does not match. {@code adduser}, {@code passwd}, {@code ensure}:
   * the two entered passwords differ.
   */
  PASSWORD_MISMATCH,
  ACCOUNT_DISABLED,
  /** {@code verify}: the record cannot log in with the host's settings. */
  ACCOUNT_UNUSABLE,
  CORRUPT_FILE,
  IO_ERROR,
  /** Prosody's configuration cannot be read. */
  CONFIGURATION,
  /** {@code doctor} found problems. */
  PROBLEMS_FOUND,
  /** {@code import}: a line cannot be parsed or names an invalid account. */
  IMPORT_INVALID,
  /** {@code apply}: the manifest cannot be parsed, or an item is invalid. */
  MANIFEST_INVALID,
  /** A bug in this tool. */
  INTERNAL;

  /** Returns the code as the document spells it, such as {@code no_such_account}. */
  String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Returns the code for an exit code whose failure no command described more precisely, so that
   * a failed document always has an error code.
   */
  static ErrorCode forExitCode(int exitCode) {
    switch (exitCode) {
      case ExitCode.USAGE:
        return USAGE;
      case ExitCode.NO_SUCH_ACCOUNT:
        return NO_SUCH_ACCOUNT;
      case ExitCode.DISABLED:
        return ACCOUNT_DISABLED;
      case ExitCode.CORRUPT_FILE:
        return CORRUPT_FILE;
      case ExitCode.IO_ERROR:
        return IO_ERROR;
      case ExitCode.CONFIGURATION:
        return CONFIGURATION;
      default:
        return INTERNAL;
    }
  }
}
