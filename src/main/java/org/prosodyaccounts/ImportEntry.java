package org.prosodyaccounts;

import java.util.Objects;

/**
 * One account to import: a JID with either a password, which is hashed as {@code register} does,
 * or the SCRAM fields of an existing hashed record, which are written as they are.
 *
 * <p>{@link #toString()} never shows the password or the keys.
 *
 * @param line the line of the input the entry comes from, for messages (1 for the first line)
 * @param jid the account's JID as given, {@code user@host}; it is prepped on import
 * @param password the clear-text password, or null when {@code keys} is given
 * @param keys the SCRAM fields, or null when {@code password} is given
 */
public record ImportEntry(long line, String jid, String password, HashedKeys keys) {

  /**
   * Checks that exactly one of {@code password} and {@code keys} is given.
   *
   * @throws IllegalArgumentException if both or neither are given
   */
  public ImportEntry {
    Objects.requireNonNull(jid, "jid");
    if ((password == null) == (keys == null)) {
      throw new IllegalArgumentException("give either a password or hashed keys");
    }
  }

  /** Returns an entry with a clear-text password. */
  public static ImportEntry withPassword(long line, String jid, String password) {
    return new ImportEntry(line, jid, Objects.requireNonNull(password, "password"), null);
  }

  /** Returns an entry with the SCRAM fields of a hashed record. */
  public static ImportEntry withKeys(long line, String jid, HashedKeys keys) {
    return new ImportEntry(line, jid, null, Objects.requireNonNull(keys, "keys"));
  }

  @Override
  public String toString() {
    return "ImportEntry[line=" + line + ", jid=" + jid + (password != null ? ", password" : ", hashed keys") + "]";
  }

  /**
   * The SCRAM fields of an {@code internal_hashed} record, as Prosody stores them.
   *
   * @param salt the salt text
   * @param iterationCount the PBKDF2 iteration count
   * @param storedKey the StoredKey in hex
   * @param serverKey the ServerKey in hex
   */
  public record HashedKeys(String salt, long iterationCount, String storedKey, String serverKey) {

    /** Checks that no field is null. */
    public HashedKeys {
      Objects.requireNonNull(salt, "salt");
      Objects.requireNonNull(storedKey, "storedKey");
      Objects.requireNonNull(serverKey, "serverKey");
    }

    @Override
    public String toString() {
      return "HashedKeys[iterationCount=" + iterationCount + ", redacted]";
    }
  }
}
