package org.prosodyaccounts;

/**
 * Thrown when a password cannot be stored because SASLprep (RFC 4013) rejects it, for example
 * because it contains a control character such as a newline or a tab. Prosody rejects the same
 * passwords. The message never contains the password.
 */
public final class InvalidPasswordException extends Exception {

  /** Creates the exception; {@code message} must not contain the password. */
  public InvalidPasswordException(String message, Throwable cause) {
    super(message, cause);
  }
}
