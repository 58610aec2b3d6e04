package org.prosodyaccounts.server;

/** The scenarios that real Prosody servers judge, in the order of the compatibility table. */
public enum Scenario {
  WRITTEN_ACCOUNTS(
      "Accounts written by the library and the command line",
      "The library and `bin/prosody-accounts` write accounts on a hashed SHA-1 host, a hashed SHA-256 host and an"
          + " internal_plain host. The right password must log in with every mechanism the host offers, a wrong one"
          + " must be rejected."),
  PROSODYCTL_ACCOUNTS(
      "Accounts written by prosodyctl",
      "Real prosodyctl writes accounts (0.12: register, adduser, passwd; 13: register offline, then adduser, passwd"
          + " and shell user create/password through the running server). The library reads them and `verify`"
          + " agrees with the server."),
  SERVER_REWRITES(
      "Prosody rewriting the tool's files",
      "The server upgrades a clear-text record on a hashed host at login, and changes passwords itself; the library"
          + " reads the results."),
  PROSODY13_RECORDS(
      "Prosody 13 record fields",
      "`created`, `updated`, `disabled` and `account_roles`, written by the tool, on both releases; the choice of"
          + " record format."),
  DELETION(
      "Deleting accounts",
      "After `deluser` or `unregister` the server rejects the login, and the user's files in the host's other"
          + " stores are gone, as prosodyctl leaves them."),
  OWNERSHIP(
      "Ownership and modes",
      "The tool runs as root on a data directory owned by `prosody`; then the daemon, running as `prosody`, changes"
          + " the password in band and stores a roster.");

  private final String title;
  private final String description;

  Scenario(String title, String description) {
    this.title = title;
    this.description = description;
  }

  /** Returns the scenario's heading in the table. */
  public String title() {
    return title;
  }

  /** Returns what the scenario does, as Markdown. */
  public String description() {
    return description;
  }
}
