package org.prosodyaccounts.auth;

import java.util.Objects;

/**
 * The two SCRAM keys Prosody stores for a hashed account, as lowercase hex.
 *
 * <p>The keys let an attacker test password guesses offline, so {@link #toString()} shows only
 * their length.
 *
 * @param storedKeyHex {@code stored_key}: H(HMAC(SaltedPassword, "Client Key"))
 * @param serverKeyHex {@code server_key}: HMAC(SaltedPassword, "Server Key")
 */
public record ScramKeys(String storedKeyHex, String serverKeyHex) {

  /**
   * Checks that both keys are lowercase hex of the same even length.
   *
   * @throws IllegalArgumentException if they are not
   */
  public ScramKeys {
    Objects.requireNonNull(storedKeyHex, "storedKeyHex");
    Objects.requireNonNull(serverKeyHex, "serverKeyHex");
    if (!isLowercaseHex(storedKeyHex) || !isLowercaseHex(serverKeyHex)) {
      throw new IllegalArgumentException("SCRAM keys must be non-empty lowercase hex");
    }
    if (storedKeyHex.length() != serverKeyHex.length()) {
      throw new IllegalArgumentException("SCRAM keys must have the same length");
    }
  }

  private static boolean isLowercaseHex(String s) {
    if (s.isEmpty() || s.length() % 2 != 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** Returns a description with the key lengths only. */
  @Override
  public String toString() {
    return "ScramKeys[" + storedKeyHex.length() + " hex digits each, redacted]";
  }
}
