package org.prosodyaccounts.auth;

import java.util.Objects;
import java.util.Optional;

/** A Prosody authentication provider that keeps accounts in the {@code accounts} store. */
public enum AuthProvider {
  /** {@code mod_auth_internal_plain}: the SASLprepped password is stored in clear text. */
  INTERNAL_PLAIN("internal_plain"),
  /** {@code mod_auth_internal_hashed}: SCRAM keys, salt and iteration count are stored. */
  INTERNAL_HASHED("internal_hashed");

  private final String configName;

  AuthProvider(String configName) {
    this.configName = configName;
  }

  /** Returns the value of Prosody's {@code authentication} option that selects this provider. */
  public String configName() {
    return configName;
  }

  /**
   * Returns the provider whose {@code authentication} option value is exactly {@code name}, or
   * empty for any other value (such as {@code anonymous} or a differently cased name, which Prosody
   * would not load as one of these modules).
   */
  public static Optional<AuthProvider> fromConfigName(String name) {
    Objects.requireNonNull(name, "name");
    for (AuthProvider provider : values()) {
      if (provider.configName.equals(name)) {
        return Optional.of(provider);
      }
    }
    return Optional.empty();
  }
}
