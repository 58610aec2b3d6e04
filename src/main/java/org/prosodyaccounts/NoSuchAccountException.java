package org.prosodyaccounts;

/** Thrown when an operation needs an account that does not exist. */
public final class NoSuchAccountException extends Exception {

  private final String jid;

  /** Creates the exception for the prepped JID {@code jid}. */
  public NoSuchAccountException(String jid) {
    super("account " + jid + " does not exist");
    this.jid = jid;
  }

  /** Returns the prepped JID of the account. */
  public String jid() {
    return jid;
  }
}
