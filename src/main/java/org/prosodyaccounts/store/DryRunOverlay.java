package org.prosodyaccounts.store;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The writes of a dry run: for each file a {@link FileStore} would have written or deleted, its
 * new content or its removal. Reads of a dry-run store return these first, so a sequence of
 * operations reports what the same sequence would do on disk. Safe to share between threads.
 */
final class DryRunOverlay {

  /** A file by its names on disk: the host folder, the store folder and the file name. */
  record Key(String hostFolder, String storeFolder, String fileName) {}

  /** For each file, its serialized content, or empty when it was deleted. */
  private final Map<Key, Optional<byte[]>> files = new ConcurrentHashMap<>();

  /** Returns the content written, empty inside when deleted, or null when the file was not touched. */
  Optional<byte[]> get(Key key) {
    return files.get(key);
  }

  void put(Key key, byte[] content) {
    files.put(key, Optional.of(content.clone()));
  }

  void remove(Key key) {
    files.put(key, Optional.empty());
  }

  /** Returns the touched files of a host folder: written ones map to true, deleted ones to false. */
  Map<Key, Boolean> filesOf(String hostFolder) {
    Map<Key, Boolean> result = new TreeMap<>(Comparator.comparing(Key::storeFolder).thenComparing(Key::fileName));
    files.forEach((key, content) -> {
      if (key.hostFolder().equals(hostFolder)) {
        result.put(key, content.isPresent());
      }
    });
    return result;
  }

  /** Returns the host folders a written file would create or use. */
  Set<String> writtenHostFolders() {
    Set<String> hosts = new TreeSet<>();
    files.forEach((key, content) -> {
      if (content.isPresent()) {
        hosts.add(key.hostFolder());
      }
    });
    return hosts;
  }
}
