package org.prosodyaccounts.config;

/**
 * An option value that is an error to be reported only where the option is used, as Prosody 13.0's
 * {@code util.error} values from {@code Credential} are.
 *
 * @param detail what is wrong and how to fix it
 * @param location the directive that produced the value
 */
record DeferredError(String detail, Location location) {}
