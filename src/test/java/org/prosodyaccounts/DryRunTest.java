package org.prosodyaccounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prosodyaccounts.auth.AuthSettings;
import org.prosodyaccounts.auth.Verification;
import org.prosodyaccounts.reliability.TreeSnapshot;
import org.prosodyaccounts.store.DataDirectoryException;

/**
 * A dry run reports what the same calls do on disk, reads its own writes, and leaves the data
 * directory untouched, down to folder modification times.
 */
class DryRunTest {

  private static final Path FIXTURE = Path.of("testdata/prosody-0.12/data");
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_796_412_352L), ZoneOffset.UTC);

  @TempDir Path dryData;
  @TempDir Path realData;

  @BeforeEach
  void copyFixture() throws IOException {
    copyTree(FIXTURE, dryData);
    copyTree(FIXTURE, realData);
  }

  /** Runs the calls whose results are compared and returns what the library reported, as text. */
  private static List<String> provision(ProsodyAccounts accounts) throws Exception {
    List<String> reports = new ArrayList<>();
    HostAccounts auth = accounts.host("auth.meet.example.org", AuthSettings.defaults());
    HostAccounts meet = accounts.host("meet.example.org", AuthSettings.defaults());
    HostAccounts fresh = accounts.host("guest.meet.example.org", AuthSettings.defaults());

    reports.add("ensure focus " + auth.ensure("focus", "Fq7Lm2Xv9Rt4Kp8W"));
    reports.add("ensure jvb " + auth.ensure("jvb", "a-new-secret"));
    reports.add("ensure transcriber " + auth.ensure("transcriber", "t-secret"));
    reports.add("ensure transcriber again " + auth.ensure("transcriber", "t-secret"));
    reports.add("verify transcriber " + auth.verify("transcriber", "t-secret"));
    reports.add("exists transcriber " + auth.exists("transcriber"));
    reports.add("role jibri " + auth.setRole("jibri", "prosody:admin") + " " + auth.role("jibri"));
    reports.add("disable jigasi " + auth.disable("jigasi") + " " + auth.verify("jigasi", "Jg5Hx1Cz8Wv6Ra2S"));
    reports.add("subscribe " + accounts.subscribe("focus.meet.example.org", "transcriber@auth.meet.example.org"));
    reports.add("roster " + accounts.roster("transcriber@auth.meet.example.org").isPresent());
    reports.add("delete alice " + relative(accounts, meet.delete("alice")));
    reports.add("exists alice " + meet.exists("alice"));
    fresh.register("guest1", "g1");
    reports.add("guest list " + fresh.list().users());
    reports.add("meet list " + meet.list().users());
    reports.add("hosts " + accounts.hosts());
    reports.add("import " + auth.importAccounts(
        List.of(ImportEntry.withPassword(1, "jvb@auth.meet.example.org", "a-new-secret"),
            ImportEntry.withPassword(2, "extra@auth.meet.example.org", "x")),
        ImportMode.ENSURE));
    reports.add("delete guest1 " + relative(accounts, fresh.delete("guest1")));
    reports.add("guest list after delete " + fresh.list().users());
    return reports;
  }

  @Test
  void dryRunMatchesRealRunWritingNothing() throws Exception {
    Map<String, String> before = snapshot(dryData);

    ProsodyAccounts dry = ProsodyAccounts.open(dryData).withClock(CLOCK).dryRun();
    List<String> dryReports = provision(dry);
    List<String> realReports = provision(ProsodyAccounts.open(realData).withClock(CLOCK));

    assertEquals(before, snapshot(dryData));
    assertEquals(realReports, dryReports);
    assertTrue(dry.isDryRun());
    // The sequence covers every kind of change, so an equal report is not an empty one.
    assertTrue(realReports.contains("ensure jvb UPDATED"), realReports.toString());
    assertTrue(realReports.contains("ensure transcriber again UNCHANGED"), realReports.toString());
    assertTrue(realReports.contains("verify transcriber MATCH"), realReports.toString());
    assertTrue(realReports.contains("disable jigasi true DISABLED"), realReports.toString());
    assertTrue(realReports.contains(
        "delete alice [meet%2eexample%2eorg/accounts/alice.dat, meet%2eexample%2eorg/roster/alice.dat]"),
        realReports.toString());
    assertTrue(realReports.contains("guest list [guest1]"), realReports.toString());
  }

  @Test
  void dryRunStaysInItsFacade() throws Exception {
    ProsodyAccounts accounts = ProsodyAccounts.open(dryData);
    HostAccounts dryAuth = accounts.dryRun().host("auth.meet.example.org", AuthSettings.defaults());

    dryAuth.register("newcomer", "pw");

    assertTrue(dryAuth.exists("newcomer"));
    assertEquals(Verification.MATCH, dryAuth.verify("newcomer", "pw"));
    assertFalse(accounts.host("auth.meet.example.org", AuthSettings.defaults()).exists("newcomer"));
    assertFalse(accounts.dryRun().host("auth.meet.example.org", AuthSettings.defaults()).exists("newcomer"));
    assertFalse(Files.exists(dryData.resolve("auth%2emeet%2eexample%2eorg/accounts/newcomer.dat")));
  }

  @Test
  void dryRunRejectsLinkedHostFolder() throws Exception {
    Path target = Files.createDirectory(dryData.resolve("elsewhere"));
    Files.createSymbolicLink(dryData.resolve("linked%2eexample%2eorg"), target);
    HostAccounts real = ProsodyAccounts.open(dryData).host("linked.example.org", AuthSettings.defaults());
    HostAccounts dry = ProsodyAccounts.open(dryData).dryRun().host("linked.example.org", AuthSettings.defaults());

    DataDirectoryException realError = assertThrows(DataDirectoryException.class, () -> real.register("u", "pw"));
    DataDirectoryException dryError = assertThrows(DataDirectoryException.class, () -> dry.register("u", "pw"));

    assertEquals(realError.getMessage(), dryError.getMessage());
    try (Stream<Path> entries = Files.list(target)) {
      assertEquals(0, entries.count());
    }
  }

  @Test
  void dryRunRejectsFileAsStoreFolder() throws Exception {
    Path hostFolder = Files.createDirectory(dryData.resolve("broken%2eexample%2eorg"));
    Files.writeString(hostFolder.resolve("accounts"), "not a folder");
    HostAccounts real = ProsodyAccounts.open(dryData).host("broken.example.org", AuthSettings.defaults());
    HostAccounts dry = ProsodyAccounts.open(dryData).dryRun().host("broken.example.org", AuthSettings.defaults());

    DataDirectoryException realError = assertThrows(DataDirectoryException.class, () -> real.register("u", "pw"));
    DataDirectoryException dryError = assertThrows(DataDirectoryException.class, () -> dry.register("u", "pw"));

    assertEquals(realError.getMessage(), dryError.getMessage());
  }

  private static List<String> relative(ProsodyAccounts accounts, List<Path> files) {
    List<String> names = new ArrayList<>();
    for (Path file : files) {
      names.add(accounts.dataPath().relativize(file).toString());
    }
    return names;
  }

  /** Returns the tree with folder modification times, which a temporary file's creation and removal change. */
  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> entries = new TreeMap<>(TreeSnapshot.of(root));
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          entries.merge(root.relativize(path).toString(),
              " mtime " + Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toMillis(), String::concat);
        }
      }
    }
    return entries;
  }

  private static void copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path copy = target.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(path, copy, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
