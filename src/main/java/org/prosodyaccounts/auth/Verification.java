package org.prosodyaccounts.auth;

/** The outcome of checking a password against an account record. */
public enum Verification {
  /** The password is the account's password. */
  MATCH,
  /** The password is not the account's password, or it fails SASLprep. */
  MISMATCH,
  /**
   * The record has a true {@code disabled} field (Prosody 13.0 {@code user:disable}), so Prosody
   * rejects the login whatever the password.
   *
   * <p>NOTE: on {@code internal_plain} hosts, Prosody 13.0.1's SASL PLAIN and SCRAM still accept
   * such an account, because the plain provider's SASL profile reports every account as enabled.
   * Only checks that go through {@code test_password} reject it.
   */
  DISABLED,
  /**
   * The record cannot authenticate on a host with the given settings, whatever the password: for
   * example a hashed record on an {@code internal_plain} host, a missing or wrongly typed field, a
   * stored password that fails SASLprep, or keys whose length does not fit the hash.
   */
  UNUSABLE
}
