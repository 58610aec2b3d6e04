package org.prosodyaccounts;

/** Thrown when an account that is to be created already exists. */
public final class AccountExistsException extends Exception {

  private final String jid;

  /** Creates the exception for the prepped JID {@code jid}. */
  public AccountExistsException(String jid) {
    super("account " + jid + " already exists");
    this.jid = jid;
  }

  /** Returns the prepped JID of the account. */
  public String jid() {
    return jid;
  }
}
