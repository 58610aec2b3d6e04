package org.prosodyaccounts;

import java.util.List;

/**
 * A manifest as written, before names are prepped and passwords read: what {@link ManifestReader}
 * makes of the JSON, or what {@link Manifest.Builder} collects.
 */
record ManifestDraft(List<Host> hosts, List<Subscription> rosters, boolean complete) {

  /**
   * Creates a draft.
   *
   * @param complete false when the manifest names an account or host that was left out because
   *     its name could not be read, so that a roster account missing here may be in the manifest
   */
  ManifestDraft {
    hosts = List.copyOf(hosts);
    rosters = List.copyOf(rosters);
  }

  /** The position of an item: its JSON path, and its line and column (0 for a manifest built in Java). */
  record Position(String path, int line, int column) {}

  /** The source of a password. */
  sealed interface PasswordSpec {}

  /** A password given by Java code; the JSON manifest cannot contain one. */
  record Direct(String password) implements PasswordSpec {
    @Override
    public String toString() {
      return "Direct[password hidden]";
    }
  }

  /** A password file, relative to the manifest's folder unless absolute. */
  record FromFile(String file) implements PasswordSpec {}

  /** An environment variable. */
  record FromEnvironment(String variable) implements PasswordSpec {}

  /** The next line of standard input. */
  record FromStdin() implements PasswordSpec {}

  /** A password source of the wrong form, already reported; the account has no password. */
  record Unreadable() implements PasswordSpec {}

  /** One account; {@code role} is null when the role is not managed. */
  record Account(String user, PasswordSpec password, String role, Position position) {}

  /**
   * One host and its accounts.
   *
   * @param position where the host's object is
   * @param namePosition where its name is, the path {@code hosts[i].host}
   */
  record Host(String host, boolean prune, List<Account> accounts, Position position, Position namePosition) {
    Host {
      accounts = List.copyOf(accounts);
    }
  }

  /** One roster subscription, with the meaning of {@link ProsodyAccounts#subscribe}. */
  record Subscription(String user, String contact, Position position) {}
}
