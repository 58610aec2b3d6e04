/**
 * Account records of Prosody's {@code internal_plain} and {@code internal_hashed} providers: SCRAM
 * key derivation ({@link org.prosodyaccounts.auth.Scram}), record creation, password changes and
 * password verification ({@link org.prosodyaccounts.auth.AccountRecords}).
 */
package org.prosodyaccounts.auth;
