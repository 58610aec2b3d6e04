package org.prosodyaccounts.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prosodyaccounts.lua.LuaString;
import org.prosodyaccounts.lua.LuaTable;

/**
 * Folders with the immutable attribute, which refuse changes even to root whatever their mode:
 * each failure names the real path and the fix, and leaves the files as they were.
 */
class ImmutableFolderTest {

  @TempDir Path data;

  private static LuaTable record(String password) {
    LuaTable table = new LuaTable();
    table.put(LuaString.of("password"), LuaString.of(password));
    return table;
  }

  /** Sets or clears the immutable attribute; returns false where chattr or the file system cannot. */
  private static boolean chattr(String flag, Path folder) throws Exception {
    Process process = new ProcessBuilder("chattr", flag, folder.toString()).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
  }

  @Test
  void immutableStoreFolderErrorsNameFix() throws Exception {
    FileStore store = FileStore.open(data);
    store.save("example.org", "accounts", "alice", record("old"));
    Path accounts = store.storeDirectory("example.org", "accounts");
    byte[] before = Files.readAllBytes(accounts.resolve("alice.dat"));
    assumeTrue(chattr("+i", accounts), "chattr +i needs root and a file system with attributes");
    try {
      FileSystemException write =
          assertThrows(FileSystemException.class, () -> store.save("example.org", "accounts", "alice", record("new")));
      DataDirectoryException delete =
          assertThrows(DataDirectoryException.class, () -> store.purge("example.org", "alice"));

      assertTrue(write.getMessage().contains(accounts.toString()), write.getMessage());
      assertTrue(write.getMessage().contains("lsattr -d " + accounts), write.getMessage());
      assertFalse(write.getMessage().contains("/proc/self/fd"), write.getMessage());
      assertTrue(write.getMessage().endsWith("the old file was left unchanged"), write.getMessage());
      assertTrue(delete.getMessage().contains("cannot delete " + accounts.resolve("alice.dat")), delete.getMessage());
      assertTrue(delete.getMessage().contains("lsattr -d " + accounts), delete.getMessage());
    } finally {
      chattr("-i", accounts);
    }
    assertEquals(new String(before), new String(Files.readAllBytes(accounts.resolve("alice.dat"))));
    assertEquals(List.of("alice.dat"), list(accounts));
  }

  @Test
  void immutableDataDirectoryErrorNamesNewFolder() throws Exception {
    FileStore store = FileStore.open(data);
    assumeTrue(chattr("+i", data), "chattr +i needs root and a file system with attributes");
    try {
      DataDirectoryException error =
          assertThrows(DataDirectoryException.class, () -> store.save("new.example.org", "accounts", "bob", record("pw")));

      assertTrue(error.getMessage().startsWith("cannot create " + data.resolve("new%2eexample%2eorg")), error.getMessage());
      assertFalse(error.getMessage().contains("/proc/self/fd"), error.getMessage());
    } finally {
      chattr("-i", data);
    }
    assertEquals(List.of(), list(data));
  }

  @Test
  void immutableDataDirectoryFailsDryRunAsRoot() throws Exception {
    assumeTrue(Ownership.currentUid() == 0, "the dry run's message for root");
    FileStore store = FileStore.open(data).dryRun();
    assumeTrue(chattr("+i", data), "chattr +i needs a file system with attributes");
    try {
      DataDirectoryException error =
          assertThrows(DataDirectoryException.class, () -> store.save("new.example.org", "accounts", "bob", record("pw")));

      assertTrue(error.getMessage().contains("not writable even by root"), error.getMessage());
      assertTrue(error.getMessage().contains("lsattr -d " + data), error.getMessage());
    } finally {
      chattr("-i", data);
    }
  }

  private static List<String> list(Path folder) throws Exception {
    try (var entries = Files.list(folder)) {
      return entries.map(path -> path.getFileName().toString()).sorted().toList();
    }
  }
}
