package org.prosodyaccounts.cli;

/** Thrown for an invalid command line; the message states what is wrong and how to fix it. */
final class UsageException extends Exception {

  UsageException(String message) {
    super(message);
  }
}
