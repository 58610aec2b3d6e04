package org.prosodyaccounts.store;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Store folders whose fsync after a rename is deferred to one {@link #syncAll} at the end of a
 * batch of writes, such as an import. Each file is still fsynced before its rename, so a reader
 * or a crash finds the old file or the new one, whole. Until {@link #syncAll} returns, a power
 * loss can undo renames of the batch, leaving the old files. Thread-safe.
 */
public final class FolderSyncs {

  private record Target(FileStore fileStore, String host, String store) {}

  private final Set<Target> targets = new LinkedHashSet<>();

  /** Records that a rename in the host's store folder awaits an fsync of that folder. */
  synchronized void add(FileStore fileStore, String host, String store) {
    targets.add(new Target(fileStore, host, store));
  }

  /** Returns the number of folders that await an fsync. */
  synchronized int pendingCount() {
    return targets.size();
  }

  /**
   * Fsyncs every folder recorded since the last call, once each. Folders that no longer exist are
   * skipped, and, as after a single write, an fsync the file system rejects is ignored.
   *
   * @throws IOException if a data directory or host folder cannot be opened
   */
  public void syncAll() throws IOException {
    Set<Target> pending;
    synchronized (this) {
      pending = new LinkedHashSet<>(targets);
      targets.clear();
    }
    for (Target target : pending) {
      target.fileStore().syncStoreFolder(target.host(), target.store());
    }
  }
}
