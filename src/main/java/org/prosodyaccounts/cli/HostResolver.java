package org.prosodyaccounts.cli;

import java.util.Optional;
import org.prosodyaccounts.auth.AuthSettings;

/**
 * Supplies what the command line needs to know about a host beyond its name: whether Prosody's
 * configuration declares it, how it authenticates, and whether its accounts are files this tool
 * may write at all.
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
   * @param rejection why the host's accounts are not files this tool can manage, or empty when they
   *     are
   * @param notice a warning for standard error before an account is written, such as that the
   *     host is a component without client logins, or empty
   */
  record ResolvedHost(
      AuthSettings settings, Optional<Boolean> declared, Optional<Rejection> rejection, Optional<String> notice) {

    ResolvedHost(AuthSettings settings, Optional<Boolean> declared, Optional<Rejection> rejection) {
      this(settings, declared, rejection, Optional.empty());
    }
  }

  /**
   * The reason a host's accounts cannot be managed here.
   *
   * @param prosodyctlMessage what prosodyctl prints on standard output in this case, or empty
   *     when it has no message of its own
   * @param explanation what is wrong and what to do instead, for standard error
   */
  record Rejection(Optional<String> prosodyctlMessage, String explanation) {}

  /** Returns a resolver without a configuration: every host gets {@code settings}. */
  static HostResolver withoutConfiguration(AuthSettings settings) {
    return host -> new ResolvedHost(settings, Optional.empty(), Optional.empty());
  }
}
