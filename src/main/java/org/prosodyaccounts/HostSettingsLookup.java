package org.prosodyaccounts;

import java.io.IOException;
import org.prosodyaccounts.auth.AuthSettings;

/** Maps a host of a manifest to how it authenticates, or rejects the host. */
@FunctionalInterface
public interface HostSettingsLookup {

  /**
   * Returns the settings that the host's records are written and verified with.
   *
   * @param host the nameprepped host name
   * @throws HostRejectedException if accounts must not be written on this host, such as a host
   *     missing from Prosody's configuration or one with another authentication provider
   */
  AuthSettings settings(String host) throws HostRejectedException, IOException;

  /**
   * Returns true to write Prosody 13's {@code created} and {@code updated} fields into the host's
   * new records; see {@link HostAccounts#withTimestamps}. The default writes none.
   */
  default boolean timestamps(String host) throws IOException {
    return false;
  }
}
