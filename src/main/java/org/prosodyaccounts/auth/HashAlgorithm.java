package org.prosodyaccounts.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * A SCRAM hash function that Prosody's {@code password_hash} option selects for {@code
 * internal_hashed} hosts. Account files do not record it: only the key length (40 or 64 hex digits)
 * hints at it.
 */
public enum HashAlgorithm {
  /** SHA-1, Prosody's default. */
  SHA_1("SHA-1", "SHA-1", "HmacSHA1", 20),
  /** SHA-256, selected by {@code password_hash = "SHA-256"} (Prosody 0.12 and later). */
  SHA_256("SHA-256", "SHA-256", "HmacSHA256", 32);

  private final String configName;
  private final String digestAlgorithm;
  private final String macAlgorithm;
  private final int byteLength;

  HashAlgorithm(String configName, String digestAlgorithm, String macAlgorithm, int byteLength) {
    this.configName = configName;
    this.digestAlgorithm = digestAlgorithm;
    this.macAlgorithm = macAlgorithm;
    this.byteLength = byteLength;
  }

  /** Returns the value of Prosody's {@code password_hash} option, such as {@code SHA-1}. */
  public String configName() {
    return configName;
  }

  /** Returns the JCA {@link java.security.MessageDigest} algorithm name. */
  public String digestAlgorithm() {
    return digestAlgorithm;
  }

  /** Returns the JCA {@link javax.crypto.Mac} algorithm name of HMAC with this hash. */
  public String macAlgorithm() {
    return macAlgorithm;
  }

  /** Returns the hash output length in bytes, which is also the SCRAM key length. */
  public int byteLength() {
    return byteLength;
  }

  /** Returns the length of a stored key in hex digits: 40 for SHA-1, 64 for SHA-256. */
  public int hexLength() {
    return 2 * byteLength;
  }

  /**
   * Returns the algorithm whose {@code password_hash} value is exactly {@code name}, or empty.
   * Prosody 13.0 accepts only {@code "SHA-1"} and {@code "SHA-256"}, with that spelling.
   */
  public static Optional<HashAlgorithm> fromConfigName(String name) {
    Objects.requireNonNull(name, "name");
    for (HashAlgorithm hash : values()) {
      if (hash.configName.equals(name)) {
        return Optional.of(hash);
      }
    }
    return Optional.empty();
  }

  /** Returns the algorithm whose keys have {@code hexLength} hex digits, or empty. */
  public static Optional<HashAlgorithm> fromHexLength(int hexLength) {
    for (HashAlgorithm hash : values()) {
      if (hash.hexLength() == hexLength) {
        return Optional.of(hash);
      }
    }
    return Optional.empty();
  }
}
