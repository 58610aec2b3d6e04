package org.prosodyaccounts.cli;

import java.util.Optional;
import org.prosodyaccounts.auth.AuthSettings;

/**
 * Supplies what the command line needs to know about a host beyond its options: whether
 * Prosody's configuration declares it, and how it authenticates. This is the point where a
 * configuration reader plugs in; without one, every host uses the options and Prosody's
 * defaults.
 */
interface HostResolver {

  /**
   * Returns the host's settings.
   *
   * @param host the nameprepped host name
   */
  ResolvedHost resolve(String host);

  /**
   * A host's settings.
   *
   * @param settings the provider, hash and iteration count to write and verify with
   * @param declared whether the configuration declares the host, or empty when no configuration
   *     was read
   */
  record ResolvedHost(AuthSettings settings, Optional<Boolean> declared) {}

  /** Returns a resolver that knows no configuration: every host gets {@code settings}. */
  static HostResolver withoutConfiguration(AuthSettings settings) {
    return host -> new ResolvedHost(settings, Optional.empty());
  }
}
