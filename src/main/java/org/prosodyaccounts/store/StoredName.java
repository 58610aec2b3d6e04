package org.prosodyaccounts.store;

import java.nio.file.Path;

/**
 * A name found in the data directory: a host folder, or a user's file in a store.
 *
 * @param name the decoded name, as Prosody's {@code users()} returns it; invalid UTF-8 bytes
 *     appear as U+FFFD
 * @param stem the name on disk, without the extension
 * @param path the file or folder
 * @param canonical true when Prosody can load it, that is when encoding {@code name} gives
 *     {@code stem} back; a file named with uppercase hex such as {@code %2E} is not
 */
public record StoredName(String name, String stem, Path path, boolean canonical) {

  static StoredName of(String stem, Path path) {
    return new StoredName(FileStore.decodeToText(stem), stem, path, NameEncoding.isCanonical(stem));
  }
}
