package org.prosodyaccounts.server;

/** A SASL mechanism that the tests log in with, one per login. */
public enum Mechanism {
  PLAIN("PLAIN"),
  SCRAM_SHA_1("SCRAM-SHA-1"),
  SCRAM_SHA_256("SCRAM-SHA-256");

  private final String saslName;

  Mechanism(String saslName) {
    this.saslName = saslName;
  }

  /** Returns the name that the server offers and the client selects, such as {@code SCRAM-SHA-1}. */
  public String saslName() {
    return saslName;
  }

  @Override
  public String toString() {
    return saslName;
  }
}
