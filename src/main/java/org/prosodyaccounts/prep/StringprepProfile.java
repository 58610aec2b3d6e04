package org.prosodyaccounts.prep;

/** A stringprep profile (RFC 3454) that Prosody applies to JIDs and passwords. */
public enum StringprepProfile {
  /** RFC 3920 Nodeprep, for the node (local part) of a JID. */
  NODEPREP("Nodeprep"),
  /** RFC 3491 Nameprep, for the host (domain part) of a JID. */
  NAMEPREP("Nameprep"),
  /** RFC 3920 Resourceprep, for the resource of a JID. */
  RESOURCEPREP("Resourceprep"),
  /** RFC 4013 SASLprep, for passwords. */
  SASLPREP("SASLprep");

  private final String displayName;

  StringprepProfile(String displayName) {
    this.displayName = displayName;
  }

  /** Returns the name the RFC uses for the profile, such as {@code Nodeprep}. */
  public String displayName() {
    return displayName;
  }
}
