package org.prosodyaccounts.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prosodyaccounts.HostAccounts;
import org.prosodyaccounts.ProsodyAccounts;
import org.prosodyaccounts.auth.AuthProvider;
import org.prosodyaccounts.auth.AuthSettings;
import org.prosodyaccounts.auth.HashAlgorithm;
import org.prosodyaccounts.lua.LuaTable;
import org.prosodyaccounts.store.CorruptFileException;
import org.prosodyaccounts.store.DataDirectoryException;
import org.prosodyaccounts.store.FileStore;
import org.prosodyaccounts.store.Ownership;

/**
 * Root writes a data directory that the {@code prosody} user (here uid 4242) owns, and that user
 * plants symbolic links, hard links and FIFOs where root's folders, files and temporary files go.
 * Root must never write, truncate, delete, chown or chmod anything outside the data directory,
 * and must never hang. The outside folder stands for {@code /etc}: root owns it and its files.
 *
 * <p>The attacker threads of the race tests run as root in this JVM but do only what uid 4242
 * may do in folders it owns: rename, link and remove entries there.
 */
class LinkAttackTest {

  private static final int UID = 4242;
  private static final int GID = 4343;
  private static final String HOST = "auth.meet.example.org";
  private static final String HOST_FOLDER = "auth%2emeet%2eexample%2eorg";
  private static final AuthSettings PLAIN = new AuthSettings(AuthProvider.INTERNAL_PLAIN, HashAlgorithm.SHA_1, 10000);
  private static final int WRITES = 200;
  private static final int MIN_ATTACKS = 100;
  private static final int MIN_WRITTEN = 10;
  private static final String RECORD = "return {\n\t[\"password\"] = \"outside-secret\";\n};\n";

  @TempDir Path base;
  private Path data;
  private Path etc;
  private Path host;

  @BeforeEach
  void createDirectories() throws IOException {
    assumeTrue(Ownership.isRoot(), "the attacks matter when root writes a folder another user owns");
    data = Files.createDirectory(base.resolve("data"));
    chown(data);
    host = Files.createDirectory(data.resolve(HOST_FOLDER));
    chown(host);
    etc = Files.createDirectory(base.resolve("etc"));
    for (String store : List.of("accounts", "roster")) {
      Path folder = Files.createDirectory(etc.resolve(store));
      Files.writeString(folder.resolve("jvb.dat"), RECORD);
      Files.writeString(folder.resolve("jvb.list"), "item({});\n");
    }
    Files.writeString(etc.resolve("shadow"), "root:$6$secret:19000:0:99999:7:::\n");
    Files.setPosixFilePermissions(etc.resolve("shadow"), PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void symlinkedHostFolderIsNeverFollowed() throws Exception {
    Files.delete(host);
    Files.createSymbolicLink(host, etc);
    Map<String, String> before = TreeSnapshot.of(etc);
    HostAccounts accounts = ProsodyAccounts.open(data).host(HOST, PLAIN);
    FileStore store = FileStore.open(data);

    List<Class<?>> outcomes = new ArrayList<>();
    outcomes.add(failure(() -> accounts.register("jvb", "new")));
    outcomes.add(failure(() -> accounts.setPassword("jvb", "new")));
    outcomes.add(failure(() -> accounts.verify("jvb", "outside-secret")));
    outcomes.add(failure(() -> accounts.record("jvb")));
    outcomes.add(failure(() -> accounts.list()));
    outcomes.add(failure(() -> accounts.delete("jvb")));
    outcomes.add(failure(() -> store.purge(HOST, "jvb")));

    for (Class<?> outcome : outcomes) {
      assertEquals(DataDirectoryException.class, outcome);
    }
    assertEquals(before, TreeSnapshot.of(etc));
    Figures.add(Figures.Section.LINK_ATTACKS, "| Host folder is a symbolic link to a root-owned folder | register, passwd,"
        + " verify, record, list, delete, purge | each rejected with DataDirectoryException; outside folder unchanged |");
  }

  @Test
  void symlinkedStoreFolderIsNeverFollowed() throws Exception {
    Files.createSymbolicLink(host.resolve("accounts"), etc.resolve("accounts"));
    Path roster = Files.createDirectory(host.resolve("roster"));
    Files.writeString(roster.resolve("jvb.dat"), "return {};\n");
    Map<String, String> before = TreeSnapshot.of(etc);
    HostAccounts accounts = ProsodyAccounts.open(data).host(HOST, PLAIN);
    FileStore store = FileStore.open(data);

    assertEquals(DataDirectoryException.class, failure(() -> accounts.register("jvb", "new")));
    assertEquals(DataDirectoryException.class, failure(() -> accounts.verify("jvb", "outside-secret")));
    assertEquals(DataDirectoryException.class, failure(() -> accounts.list()));
    List<Path> removed = store.purge(HOST, "jvb");

    assertEquals(List.of(roster.resolve("jvb.dat")), removed);
    assertEquals(before, TreeSnapshot.of(etc));
    Figures.add(Figures.Section.LINK_ATTACKS, "| Store folder `accounts` is a symbolic link to a root-owned folder | register,"
        + " verify, list, purge | writes and reads rejected; purge skips the link and removes only the real"
        + " `roster/jvb.dat`; outside folder unchanged |");
  }

  @Test
  void symlinkedTargetIsReplacedNotFollowed() throws Exception {
    Path accountsFolder = Files.createDirectory(host.resolve("accounts"));
    chown(accountsFolder);
    Path target = accountsFolder.resolve("jvb.dat");
    Files.createSymbolicLink(target, etc.resolve("shadow"));
    Files.createSymbolicLink(accountsFolder.resolve("jvb.dat~"), etc.resolve("shadow"));
    Map<String, String> before = TreeSnapshot.of(etc);
    HostAccounts accounts = ProsodyAccounts.open(data).host(HOST, PLAIN);

    assertEquals(CorruptFileException.class, failure(() -> accounts.verify("jvb", "x")));
    accounts.register("jvb", "new");

    assertFalse(Files.isSymbolicLink(target));
    assertEquals(UID, Files.getAttribute(target, "unix:uid", LinkOption.NOFOLLOW_LINKS));
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    assertTrue(Files.isSymbolicLink(accountsFolder.resolve("jvb.dat~")), "Prosody's own temporary name is not used");
    assertEquals(before, TreeSnapshot.of(etc));
    Figures.add(Figures.Section.LINK_ATTACKS, "| Account file and Prosody's temporary name `jvb.dat~` are symbolic links"
        + " to a root-owned file | verify, register | verify reports a symbolic link; register replaces the link"
        + " with a new 0640 file of uid 4242; the linked file is unchanged |");
  }

  @Test
  void hardLinkedTargetKeepsOutsideFile() throws Exception {
    Path accountsFolder = Files.createDirectory(host.resolve("accounts"));
    chown(accountsFolder);
    Path outside = base.resolve("outside.dat");
    Files.writeString(outside, RECORD);
    Files.setAttribute(outside, "unix:uid", UID + 1);
    Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-------"));
    Path target = accountsFolder.resolve("jvb.dat");
    Files.createLink(target, outside);
    HostAccounts accounts = ProsodyAccounts.open(data).host(HOST, PLAIN);

    accounts.setPassword("jvb", "changed");

    assertEquals(RECORD, Files.readString(outside));
    assertEquals(UID + 1, Files.getAttribute(outside, "unix:uid"));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(outside)));
    assertEquals(1, Files.getAttribute(outside, "unix:nlink"));
    assertNotEquals(Files.getAttribute(outside, "unix:ino"), Files.getAttribute(target, "unix:ino"));
    assertEquals(UID, Files.getAttribute(target, "unix:uid"));
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    Figures.add(Figures.Section.LINK_ATTACKS, "| Account file is a hard link to a file of another user (mode 0600) |"
        + " passwd | the rename replaces the link; the other file keeps its content, owner and mode |");
  }

  @Test
  void fifoEntriesNeverBlock() throws Exception {
    Path accountsFolder = Files.createDirectory(host.resolve("accounts"));
    chown(accountsFolder);
    mkfifo(accountsFolder.resolve("jvb.dat"));
    mkfifo(host.resolve("roster"));
    Path otherHost = data.resolve("other%2eexample");
    mkfifo(otherHost);
    HostAccounts accounts = ProsodyAccounts.open(data).host(HOST, PLAIN);
    HostAccounts other = ProsodyAccounts.open(data).host("other.example", PLAIN);
    FileStore store = FileStore.open(data);

    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          assertEquals(CorruptFileException.class, failure(() -> accounts.verify("jvb", "x")));
          assertEquals(CorruptFileException.class, failure(() -> accounts.setPassword("jvb", "x")));
          assertEquals(CorruptFileException.class, failure(() -> accounts.record("jvb")));
          assertEquals(List.of("jvb"), accounts.list().users());
          assertEquals(DataDirectoryException.class, failure(() -> store.save(HOST, "roster", "jvb", new LuaTable().put("a", "b"))));
          assertEquals(DataDirectoryException.class, failure(() -> other.register("jvb", "x")));
          assertEquals(DataDirectoryException.class, failure(() -> other.verify("jvb", "x")));
          accounts.register("jvb", "replaces-the-fifo");
        });

    assertTrue(Files.isRegularFile(accountsFolder.resolve("jvb.dat"), LinkOption.NOFOLLOW_LINKS));
    Figures.add(Figures.Section.LINK_ATTACKS, "| FIFO in place of the account file, a store folder and a host folder |"
        + " verify, passwd, record, list, save, register | each ends at once (CorruptFileException or"
        + " DataDirectoryException); register replaces a FIFO account file with a file; no call blocks |");
  }

  /**
   * Writes in a loop while an attacker renames a hard link to a root-owned file, a FIFO or a
   * symbolic link over every temporary entry that appears in the store folder.
   */
  @Test
  void plantsOverTemporaryEntriesReachNothing() throws Exception {
    Path accountsFolder = Files.createDirectory(host.resolve("accounts"));
    chown(accountsFolder);
    Map<String, String> beforeEtc = TreeSnapshot.of(etc);
    AtomicLong attempts = new AtomicLong();
    AtomicLong plants = new AtomicLong();

    int[] outcomes = writeWhile(() -> plantOverTemporaryEntries(accountsFolder, attempts, plants), attempts);

    assertEquals(TreeSnapshot.withoutLinkCounts(beforeEtc), TreeSnapshot.withoutLinkCounts(TreeSnapshot.of(etc)));
    assertTrue(attempts.get() >= MIN_ATTACKS, "the planter acted only " + attempts.get() + " times");
    assertEquals(outcomes[3], outcomes[0], "every write succeeds, because nothing can replace the temporary folder");
    checkAccountFiles(accountsFolder);
    Figures.add(Figures.Section.LINK_ATTACKS, "| Race: hard links to a root-owned file, FIFOs and symbolic links renamed over"
        + " each temporary entry as soon as it appears (" + attempts.get() + " attempts: " + (attempts.get() - plants.get())
        + " failed because a file cannot replace the temporary folder, and " + plants.get() + " came after the folder"
        + " was gone, so they only renamed the attacker's own link) | " + outcomes[3] + " saves | " + outcomes[0]
        + " written; no hang; outside folder unchanged; the account file is a 0640 file of uid 4242 |");
  }

  /**
   * Writes in a loop while an attacker swaps the host folder with a symbolic link to a folder
   * whose {@code accounts} entry is a real folder or a FIFO.
   */
  @Test
  void swappedHostFolderReachesNothing() throws Exception {
    Path accountsFolder = Files.createDirectory(host.resolve("accounts"));
    chown(accountsFolder);
    Path etcFifo = Files.createDirectory(base.resolve("etc-fifo"));
    mkfifo(etcFifo.resolve("accounts"));
    Map<String, String> beforeEtc = TreeSnapshot.of(etc);
    Map<String, String> beforeFifo = TreeSnapshot.of(etcFifo);
    AtomicLong swaps = new AtomicLong();

    int[] outcomes = writeWhile(() -> swapHostFolder(List.of(etc, etcFifo), swaps), swaps);
    restoreHostFolder();

    assertEquals(beforeEtc, TreeSnapshot.of(etc));
    assertEquals(beforeFifo, TreeSnapshot.of(etcFifo));
    assertTrue(swaps.get() >= MIN_ATTACKS, "the swapper swapped only " + swaps.get() + " times");
    assertTrue(outcomes[0] > 0, "no write succeeded");
    Figures.add(Figures.Section.LINK_ATTACKS, "| Race: the host folder swapped with a symbolic link to a root-owned folder or"
        + " to one whose `accounts` is a FIFO (" + swaps.get() + " swaps), which also covers a link at the folder fsync"
        + " step | " + outcomes[3] + " saves | " + outcomes[0] + " written, " + outcomes[1] + " rejected with"
        + " DataDirectoryException, " + outcomes[2] + " with FileSystemException; no hang; both outside folders"
        + " unchanged |");
  }

  private interface Attack {
    void step() throws Exception;
  }

  /**
   * Saves records while {@code attack} runs in a loop on another thread: at least {@link #WRITES},
   * and on until the attack has acted {@link #MIN_ATTACKS} times by {@code actions} and
   * {@link #MIN_WRITTEN} saves have succeeded.
   *
   * @return the saves that succeeded, that failed with DataDirectoryException, that failed with
   *     FileSystemException, and all saves
   */
  private int[] writeWhile(Attack attack, AtomicLong actions) throws Exception {
    FileStore store = FileStore.open(data);
    AtomicBoolean running = new AtomicBoolean(true);
    Thread attacker = new Thread(() -> {
      while (running.get()) {
        try {
          attack.step();
        } catch (Exception e) {
          // A step that lost a race with the writer: the next one tries again.
        }
      }
    }, "attacker");
    int[] outcomes = new int[4];
    attacker.start();
    try {
      assertTimeoutPreemptively(
          Duration.ofSeconds(60),
          () -> {
            for (int i = 0; i < WRITES || actions.get() < MIN_ATTACKS || outcomes[0] < MIN_WRITTEN; i++) {
              outcomes[3]++;
              try {
                store.save(HOST, "accounts", "jvb", new LuaTable().put("password", "p" + i));
                outcomes[0]++;
              } catch (DataDirectoryException e) {
                outcomes[1]++;
              } catch (FileSystemException e) {
                outcomes[2]++;
              }
            }
          });
    } finally {
      running.set(false);
      attacker.join(10_000);
    }
    return outcomes;
  }

  private static void checkAccountFiles(Path folder) throws IOException {
    Path file = folder.resolve("jvb.dat");
    assertInstanceOf(LuaTable.class, FileStore.loadFile(file).orElseThrow());
    assertEquals(UID, Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS));
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)));
  }

  private void plantOverTemporaryEntries(Path folder, AtomicLong attempts, AtomicLong plants) throws Exception {
    for (Path entry : listAll(folder)) {
      String name = entry.getFileName().toString();
      if (!name.contains("~")) {
        continue;
      }
      long round = attempts.incrementAndGet();
      Path bait = folder.resolve("bait" + round);
      switch ((int) (round % 3)) {
        case 0 -> Files.createLink(bait, etc.resolve("shadow"));
        case 1 -> mkfifo(bait);
        default -> Files.createSymbolicLink(bait, etc.resolve("shadow"));
      }
      try {
        Files.move(bait, entry, StandardCopyOption.ATOMIC_MOVE);
        plants.incrementAndGet();
      } finally {
        Files.deleteIfExists(bait);
      }
    }
  }

  private int swapRound;

  private void swapHostFolder(List<Path> targets, AtomicLong swaps) throws IOException, InterruptedException {
    // A new name each round, because the writer may create a new host folder while the old one
    // is moved away, and the old one then stays where it is.
    Path moved = data.resolve(HOST_FOLDER + ".moved" + swapRound++);
    Files.move(host, moved, StandardCopyOption.ATOMIC_MOVE);
    Files.createSymbolicLink(host, targets.get(swapRound % targets.size()));
    swaps.incrementAndGet();
    Thread.onSpinWait();
    Files.delete(host);
    Files.move(moved, host, StandardCopyOption.ATOMIC_MOVE);
    Thread.sleep(1);
  }

  private void restoreHostFolder() throws IOException {
    if (Files.isSymbolicLink(host)) {
      Files.delete(host);
    }
  }

  private static List<Path> listAll(Path folder) throws IOException {
    try (var entries = Files.list(folder)) {
      return entries.toList();
    }
  }

  private interface Call {
    void run() throws Exception;
  }

  /** Runs {@code call}, which must fail, and returns the class of its exception. */
  private static Class<?> failure(Call call) {
    Exception e = assertThrows(Exception.class, call::run);
    assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "no message: " + e);
    return e.getClass();
  }

  private static void chown(Path path) throws IOException {
    Files.setAttribute(path, "unix:uid", UID, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(path, "unix:gid", GID, LinkOption.NOFOLLOW_LINKS);
  }

  static void mkfifo(Path path) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("mkfifo " + path + " failed");
    }
  }
}
