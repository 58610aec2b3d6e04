package org.prosodyaccounts;

/**
 * Thrown by a {@link BulkImport.HostLookup} for a host whose accounts must not be written, such as
 * a host missing from Prosody's configuration or one with another authentication provider.
 */
public final class HostRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with the reason, which import messages show after the line number. */
  public HostRejectedException(String message) {
    super(message);
  }
}
