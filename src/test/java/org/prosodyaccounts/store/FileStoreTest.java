package org.prosodyaccounts.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prosodyaccounts.lua.LuaTable;

class FileStoreTest {

  private static final String HOST = "auth.meet.example.org";

  @TempDir Path data;

  private static LuaTable record(String password) {
    return new LuaTable().put("password", password);
  }

  @Test
  void saveWritesEncodedPathWithProsodyModes() throws IOException {
    FileStore store = FileStore.open(data);

    store.save(HOST, "accounts", "jvb", record("secret"));

    Path host = data.resolve("auth%2emeet%2eexample%2eorg");
    Path file = host.resolve("accounts/jvb.dat");
    assertEquals(
        "return {\n\t[\"password\"] = \"secret\";\n};\n", Files.readString(file, StandardCharsets.US_ASCII));
    assertEquals("rw-r-----", mode(file));
    assertEquals("rwxr-x---", mode(host));
    assertEquals("rwxr-x---", mode(host.resolve("accounts")));
    assertEquals(List.of("jvb.dat"), listNames(host.resolve("accounts")));
  }

  @Test
  void deferredSyncRecordsEachFolderOnce() throws IOException {
    FileStore store = FileStore.open(data);
    FolderSyncs syncs = new FolderSyncs();

    store.save(HOST, "accounts", "jvb", record("one"), syncs);
    store.save(HOST, "accounts", "focus", record("two"), syncs);
    store.save(HOST, "roster", "focus", record("three"), syncs);

    assertEquals(2, syncs.pendingCount());
    assertEquals(Optional.of(record("one")), store.load(HOST, "accounts", "jvb"));
    assertEquals(List.of("focus.dat", "jvb.dat"), listNames(store.storeDirectory(HOST, "accounts")));
    syncs.syncAll();
    assertEquals(0, syncs.pendingCount());
  }

  @Test
  void deferredSyncSkipsRemovedFolder() throws IOException {
    FileStore store = FileStore.open(data);
    FolderSyncs syncs = new FolderSyncs();
    store.save(HOST, "accounts", "jvb", record("one"), syncs);

    Files.delete(store.storeDirectory(HOST, "accounts").resolve("jvb.dat"));
    Files.delete(store.storeDirectory(HOST, "accounts"));

    syncs.syncAll();
    assertEquals(0, syncs.pendingCount());
  }

  @Test
  void saveReplacesAndLoadReadsBack() throws IOException {
    FileStore store = FileStore.open(data);
    store.save(HOST, "accounts", "john.doe-x_y", record("one"));

    store.save(HOST, "accounts", "john.doe-x_y", record("two"));

    assertEquals(Optional.of(record("two")), store.load(HOST, "accounts", "john.doe-x_y"));
    assertTrue(Files.exists(data.resolve("auth%2emeet%2eexample%2eorg/accounts/john%2edoe%2dx%5fy.dat")));
    assertEquals(List.of("john%2edoe%2dx%5fy.dat"), listNames(store.storeDirectory(HOST, "accounts")));
  }

  @Test
  void saveOfEmptyTableDeletesFile() throws IOException {
    FileStore store = FileStore.open(data);
    store.save(HOST, "accounts", "jvb", record("secret"));

    store.save(HOST, "accounts", "jvb", new LuaTable());

    assertFalse(Files.exists(store.file(HOST, "accounts", "jvb")));
    assertEquals(Optional.empty(), store.load(HOST, "accounts", "jvb"));
  }

  @Test
  void loadOfMissingFileIsEmpty() throws IOException {
    assertEquals(Optional.empty(), FileStore.open(data).load(HOST, "accounts", "nobody"));
  }

  @Test
  void corruptFileReportedAndUnchanged() throws IOException {
    FileStore store = FileStore.open(data);
    Path file = store.file(HOST, "accounts", "jvb");
    Files.createDirectories(file.getParent());
    byte[] content = "return {\n\tpassword = os.execute(\"touch x\");\n};\n".getBytes(StandardCharsets.UTF_8);
    Files.write(file, content);

    CorruptFileException e =
        assertThrows(CorruptFileException.class, () -> store.load(HOST, "accounts", "jvb"));

    assertEquals(file, e.file());
    assertEquals(2, e.line());
    assertTrue(e.getMessage().startsWith(file + ":2:"), e.getMessage());
    assertEquals(new String(content, StandardCharsets.UTF_8), Files.readString(file));
    assertFalse(Files.exists(data.resolve("x")));
  }

  @Test
  void corruptFileMessageHidesBareWords() throws IOException {
    FileStore store = FileStore.open(data);
    Path file = store.file(HOST, "accounts", "jvb");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "return { password = hunter2secret };\n");

    CorruptFileException e = assertThrows(CorruptFileException.class, () -> store.load(HOST, "accounts", "jvb"));

    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    assertTrue(e.getMessage().startsWith(file + ":1:21: "), e.getMessage());
  }

  @Test
  void loadOfNonTableValueIsCorrupt() throws IOException {
    FileStore store = FileStore.open(data);
    Path file = store.file(HOST, "accounts", "jvb");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "return \"just a string\";\n");

    CorruptFileException e =
        assertThrows(CorruptFileException.class, () -> store.load(HOST, "accounts", "jvb"));

    assertTrue(e.getMessage().contains("string where Prosody stores a table"), e.getMessage());
  }

  @Test
  void loadDoesNotFollowSymbolicLink() throws IOException {
    FileStore store = FileStore.open(data);
    Path outside = Files.writeString(data.resolveSibling(data.getFileName() + "-outside.dat"), "return {};\n");
    Path file = store.file(HOST, "accounts", "jvb");
    Files.createDirectories(file.getParent());
    Files.createSymbolicLink(file, outside);
    try {
      CorruptFileException e =
          assertThrows(CorruptFileException.class, () -> store.load(HOST, "accounts", "jvb"));
      assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    } finally {
      Files.delete(outside);
    }
  }

  @Test
  void saveReplacesSymbolicLinkWithoutWritingThroughIt() throws IOException {
    FileStore store = FileStore.open(data);
    Path outside = data.resolveSibling(data.getFileName() + "-target.txt");
    Files.writeString(outside, "untouched");
    Path file = store.file(HOST, "accounts", "jvb");
    Files.createDirectories(file.getParent());
    Files.createSymbolicLink(file, outside);
    try {
      store.save(HOST, "accounts", "jvb", record("secret"));

      assertEquals("untouched", Files.readString(outside));
      assertFalse(Files.isSymbolicLink(file));
      assertEquals(Optional.of(record("secret")), store.load(HOST, "accounts", "jvb"));
    } finally {
      Files.delete(outside);
    }
  }

  @Test
  void purgeRemovesUserFromEveryStoreOnly() throws IOException {
    FileStore store = FileStore.open(data);
    store.save(HOST, "accounts", "bob", record("b"));
    store.save(HOST, "roster", "bob", new LuaTable().put("x", "y"));
    store.save(HOST, "accounts", "alice", record("a"));
    Path offline = Files.createDirectories(store.storeDirectory(HOST, "offline"));
    Files.writeString(offline.resolve("bob.list"), "item({});\n");
    Files.write(offline.resolve("bob.lidx"), new byte[16]);
    Path hostLevel = Files.writeString(store.hostDirectory(HOST).resolve("cron.dat"), "return {};\n");

    List<Path> removed = store.purge(HOST, "bob");

    assertEquals(4, removed.size(), removed.toString());
    assertFalse(Files.exists(store.file(HOST, "accounts", "bob")));
    assertFalse(Files.exists(store.file(HOST, "roster", "bob")));
    assertFalse(Files.exists(offline.resolve("bob.list")));
    assertFalse(Files.exists(offline.resolve("bob.lidx")));
    assertTrue(Files.exists(store.file(HOST, "accounts", "alice")));
    assertTrue(Files.isDirectory(store.storeDirectory(HOST, "roster")));
    assertTrue(Files.exists(hostLevel));
  }

  @Test
  void usersDecodesNamesAndMarksUnloadable() throws IOException {
    FileStore store = FileStore.open(data);
    store.save(HOST, "accounts", "élodie", record("x"));
    store.save(HOST, "accounts", "john.doe", record("x"));
    Path accounts = store.storeDirectory(HOST, "accounts");
    Files.writeString(accounts.resolve("upper%2Ehex.dat"), "return {};\n");
    Files.writeString(accounts.resolve("jvb.dat~1234"), "return {};\n");

    List<StoredName> users = store.users(HOST, "accounts");

    assertEquals(List.of("john.doe", "upper.hex", "élodie"), users.stream().map(StoredName::name).toList());
    assertEquals(List.of(true, false, true), users.stream().map(StoredName::canonical).toList());
  }

  @Test
  void usersOfMissingStoreIsEmpty() throws IOException {
    assertEquals(List.of(), FileStore.open(data).users("nothere.example.org", "accounts"));
  }

  @Test
  void openRejectsMissingDirectoryNamingIt() {
    Path missing = data.resolve("no-such-dir");

    DataDirectoryException e = assertThrows(DataDirectoryException.class, () -> FileStore.open(missing));

    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("--data-path"), e.getMessage());
  }

  @Test
  void openRejectsRegularFile() throws IOException {
    Path file = Files.writeString(data.resolve("file"), "x");

    DataDirectoryException e = assertThrows(DataDirectoryException.class, () -> FileStore.open(file));

    assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
  }

  @Test
  void saveAsRootUsesDirectoryOwner() throws IOException {
    assumeTrue(Ownership.isRoot(), "only root can hand files to another owner");
    Files.setAttribute(data, "unix:uid", 4242);
    Files.setAttribute(data, "unix:gid", 4343);
    FileStore store = FileStore.open(data);

    store.save(HOST, "accounts", "jvb", record("secret"));

    for (Path path :
        List.of(store.hostDirectory(HOST), store.storeDirectory(HOST, "accounts"), store.file(HOST, "accounts", "jvb"))) {
      assertEquals(4242, Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS), path.toString());
      assertEquals(4343, Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS), path.toString());
    }
  }

  @Test
  void saveKeepsModeUnderRestrictiveExistingFile() throws IOException {
    FileStore store = FileStore.open(data);
    Path file = store.file(HOST, "accounts", "jvb");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "return {};\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

    store.save(HOST, "accounts", "jvb", record("secret"));

    assertEquals("rw-r-----", mode(file));
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }

  private static List<String> listNames(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
