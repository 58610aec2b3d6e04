package org.prosodyaccounts.config;

/** The directive that declares a host section in Prosody's configuration. */
public enum HostKind {
  /**
   * {@code VirtualHost "name"} (or its aliases {@code Host} and {@code host}): a host with users.
   */
  VIRTUAL_HOST,
  /** {@code Component "name"}, with or without a module name: a service such as MUC. */
  COMPONENT
}
