package org.prosodyaccounts;

/**
 * Thrown by a {@link BulkImport.HostLookup} or a {@link HostSettingsLookup} for a host whose
 * accounts must not be written, such as a host missing from Prosody's configuration or one with
 * another authentication provider. {@link ProsodyAccounts#apply} reports it as a {@link
 * ManifestProblem} of kind {@link ManifestProblem.Kind#HOST}.
 */
public final class HostRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with the reason, which messages show after the line number or JSON path. */
  public HostRejectedException(String message) {
    super(message);
  }
}
