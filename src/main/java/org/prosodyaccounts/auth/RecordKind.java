package org.prosodyaccounts.auth;

/** The kind of credentials an account record contains, judged from its fields alone. */
public enum RecordKind {
  /** A string {@code password} and no SCRAM field: an {@code internal_plain} record. */
  PLAIN,
  /**
   * String {@code salt}, {@code stored_key} and {@code server_key} and a numeric {@code
   * iteration_count}, with no {@code password}: an {@code internal_hashed} record.
   */
  HASHED,
  /**
   * A string {@code password} and at least one SCRAM field. On an {@code internal_hashed} host a
   * non-empty password wins and Prosody replaces it with new keys at the next login.
   */
  MIXED,
  /**
   * None of the credential fields, such as the {@code {created, updated, disabled = true}} record
   * that Prosody 13.0 writes for an account created without a password.
   */
  NO_CREDENTIALS,
  /** Credential fields of the wrong type, or an incomplete set of SCRAM fields. */
  UNKNOWN
}
