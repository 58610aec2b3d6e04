package org.prosodyaccounts;

/** The change an import made to one account. */
public enum ImportOutcome {
  /** The account did not exist and was written. */
  CREATED,
  /** The account existed and its record was replaced. */
  UPDATED,
  /** The account existed with the same password or keys, and its file was not touched. */
  UNCHANGED;

  /** Returns the lowercase name used in reports, such as {@code created}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
