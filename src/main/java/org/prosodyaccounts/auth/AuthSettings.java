package org.prosodyaccounts.auth;

import java.util.Objects;

/**
 * The authentication options of one Prosody host that decide how account records are written and
 * checked.
 *
 * @param provider the {@code authentication} option
 * @param hash the {@code password_hash} option, used only by {@link AuthProvider#INTERNAL_HASHED}
 * @param iterations the {@code default_iteration_count} option, at least 1, used only by {@link
 *     AuthProvider#INTERNAL_HASHED}
 */
public record AuthSettings(AuthProvider provider, HashAlgorithm hash, int iterations) {

  /**
   * Checks the components.
   *
   * @throws NullPointerException if {@code provider} or {@code hash} is null
   * @throws IllegalArgumentException if {@code iterations} is less than 1
   */
  public AuthSettings {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(hash, "hash");
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be at least 1, was " + iterations);
    }
  }

  /**
   * Returns the settings of a Prosody 0.12 or 13.0 host with no authentication options: {@code
   * internal_hashed}, SHA-1 and 10000 iterations.
   */
  public static AuthSettings defaults() {
    return new AuthSettings(
        AuthProvider.INTERNAL_HASHED, HashAlgorithm.SHA_1, Scram.DEFAULT_ITERATIONS);
  }
}
