package org.prosodyaccounts;

import java.nio.file.Path;
import java.util.List;

/**
 * The accounts of a host, as listed from its {@code accounts} folder.
 *
 * @param users the prepped user names, sorted
 * @param unloadable the files that Prosody lists but can never load, because the file name is
 *     not the lowercase encoding of a nodeprepped name
 */
public record UserListing(List<String> users, List<Path> unloadable) {

  /** Creates the listing with unmodifiable copies of the lists. */
  public UserListing {
    users = List.copyOf(users);
    unloadable = List.copyOf(unloadable);
  }
}
