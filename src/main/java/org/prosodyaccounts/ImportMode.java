package org.prosodyaccounts;

/** The treatment of an account that already exists, in an import. */
public enum ImportMode {
  /** Replaces the record as a whole, as {@code register} does, with a new salt. */
  REGISTER,
  /**
   * Leaves the record unchanged when its password already matches (Prosody's login check,
   * ignoring the {@code disabled} flag) or, for hashed entries, when its salt, iteration count
   * and keys are the same; otherwise replaces it as {@link #REGISTER} does.
   */
  ENSURE
}
