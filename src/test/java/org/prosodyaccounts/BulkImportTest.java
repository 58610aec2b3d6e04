package org.prosodyaccounts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prosodyaccounts.auth.AuthProvider;
import org.prosodyaccounts.auth.AuthSettings;
import org.prosodyaccounts.auth.HashAlgorithm;
import org.prosodyaccounts.auth.Verification;

/** {@link BulkImport}, {@link HostAccounts#importAccounts} and {@link AccountExport} on a temporary data directory. */
class BulkImportTest {

  private static final String HOST = "auth.meet.example.org";

  /** Fewer iterations than Prosody's default keep the many-account tests short. */
  private static final AuthSettings FAST = new AuthSettings(AuthProvider.INTERNAL_HASHED, HashAlgorithm.SHA_1, 64);

  @TempDir Path data;
  private HostAccounts accounts;

  @BeforeEach
  void openHost() throws Exception {
    accounts = ProsodyAccounts.open(data).host(HOST, FAST);
  }

  private static List<ImportEntry> entries(int count) {
    List<ImportEntry> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      entries.add(ImportEntry.withPassword(i + 1, "user" + i + "@" + HOST, "password-" + i + "-\u00e9"));
    }
    return entries;
  }

  private Map<Path, byte[]> snapshot() throws IOException {
    Map<Path, byte[]> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(data)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        files.put(path, Files.readAllBytes(path));
      }
    }
    return files;
  }

  @Test
  void thousandAccountsAllVerify() throws Exception {
    AtomicInteger progress = new AtomicInteger();
    List<ImportResult> results =
        BulkImport.run(entries(1000), host -> accounts, ImportMode.REGISTER, 4, done -> progress.accumulateAndGet(done, Math::max));

    assertEquals(1000, results.size());
    assertEquals(1000, progress.get());
    for (int i = 0; i < 1000; i++) {
      assertEquals(i + 1, results.get(i).line());
      assertEquals("user" + i + "@" + HOST, results.get(i).jid());
      assertEquals(ImportOutcome.CREATED, results.get(i).outcome());
      assertEquals(Verification.MATCH, accounts.verify("user" + i, "password-" + i + "-\u00e9"), "user" + i);
    }
    assertEquals(Verification.MISMATCH, accounts.verify("user7", "password-8-\u00e9"));
    assertEquals(1000, accounts.list().users().size());
  }

  @Test
  void ensureTwiceChangesNoByte() throws Exception {
    accounts.importAccounts(entries(50), ImportMode.ENSURE);
    Map<Path, byte[]> before = snapshot();

    List<ImportResult> second = accounts.importAccounts(entries(50), ImportMode.ENSURE);

    assertTrue(second.stream().allMatch(result -> result.outcome() == ImportOutcome.UNCHANGED), second.toString());
    Map<Path, byte[]> after = snapshot();
    assertEquals(before.keySet(), after.keySet());
    for (Path file : before.keySet()) {
      assertArrayEquals(before.get(file), after.get(file), file.toString());
    }
  }

  @Test
  void ensureUpdatesOnlyChangedPasswords() throws Exception {
    accounts.importAccounts(entries(3), ImportMode.ENSURE);
    byte[] unchanged = Files.readAllBytes(accounts.accountFile("user0"));
    List<ImportEntry> changed =
        List.of(
            ImportEntry.withPassword(1, "user0@" + HOST, "password-0-\u00e9"),
            ImportEntry.withPassword(2, "user1@" + HOST, "new"),
            ImportEntry.withPassword(3, "user9@" + HOST, "fresh"));

    List<ImportResult> results = accounts.importAccounts(changed, ImportMode.ENSURE);

    assertEquals(
        List.of(ImportOutcome.UNCHANGED, ImportOutcome.UPDATED, ImportOutcome.CREATED),
        results.stream().map(ImportResult::outcome).toList());
    assertArrayEquals(unchanged, Files.readAllBytes(accounts.accountFile("user0")));
    assertEquals(Verification.MATCH, accounts.verify("user1", "new"));
    assertEquals(Verification.MATCH, accounts.verify("user9", "fresh"));
  }

  @Test
  void registerReplacesWithNewSalt() throws Exception {
    accounts.importAccounts(entries(1), ImportMode.REGISTER);
    byte[] first = Files.readAllBytes(accounts.accountFile("user0"));

    List<ImportResult> results = accounts.importAccounts(entries(1), ImportMode.REGISTER);

    assertEquals(ImportOutcome.UPDATED, results.get(0).outcome());
    assertFalse(Arrays.equals(first, Files.readAllBytes(accounts.accountFile("user0"))));
    assertEquals(Verification.MATCH, accounts.verify("user0", "password-0-\u00e9"));
  }

  @Test
  void badInputWritesNothing() throws Exception {
    List<ImportEntry> input = new ArrayList<>(entries(20));
    input.add(ImportEntry.withPassword(21, "bad user@" + HOST, "x"));
    input.add(ImportEntry.withPassword(22, "ok@" + HOST, "new\nline"));
    input.add(ImportEntry.withPassword(23, "user3@" + HOST, "again"));
    input.add(ImportEntry.withPassword(24, "other@example.com", "x"));
    input.add(ImportEntry.withPassword(25, HOST, "x"));

    ImportException thrown = assertThrows(ImportException.class, () -> accounts.importAccounts(input, ImportMode.REGISTER));

    assertEquals(List.of(21L, 22L, 23L, 24L, 25L), thrown.problems().stream().map(ImportProblem::line).toList());
    assertTrue(thrown.problems().get(0).message().contains("bad user"), thrown.problems().toString());
    assertTrue(thrown.problems().get(1).message().contains("SASLprep"), thrown.problems().toString());
    assertFalse(thrown.problems().get(1).message().contains("new"), "the message must not show the password");
    assertTrue(thrown.problems().get(2).message().contains("also on line 4"), thrown.problems().toString());
    assertTrue(thrown.problems().get(3).message().contains("example.com"), thrown.problems().toString());
    assertEquals(Map.of(), snapshot());
  }

  @Test
  void hashedKeysRejectedOnPlainHost() throws Exception {
    HostAccounts plain =
        ProsodyAccounts.open(data).host("recorder.example.org", new AuthSettings(AuthProvider.INTERNAL_PLAIN, HashAlgorithm.SHA_1, 10000));
    ImportEntry hashed =
        ImportEntry.withKeys(1, "rec@recorder.example.org", new ImportEntry.HashedKeys("salt", 4096, "a".repeat(40), "b".repeat(40)));

    ImportException thrown = assertThrows(ImportException.class, () -> plain.importAccounts(List.of(hashed), ImportMode.REGISTER));

    assertTrue(thrown.getMessage().contains("internal_plain"), thrown.getMessage());
  }

  @Test
  void exportThenImportRoundTrips() throws Exception {
    accounts.importAccounts(entries(30), ImportMode.REGISTER);
    String exported = export(accounts, true);

    Path otherData = Files.createDirectory(data.resolve("copy"));
    HostAccounts copy = ProsodyAccounts.open(otherData).host(HOST, FAST);
    List<ImportEntry> read = ImportReader.read(new ByteArrayInputStream(exported.getBytes(StandardCharsets.UTF_8)), Optional.empty());
    List<ImportResult> results = copy.importAccounts(read, ImportMode.ENSURE);

    assertEquals(30, results.size());
    assertTrue(results.stream().allMatch(result -> result.outcome() == ImportOutcome.CREATED), results.toString());
    assertEquals(sortedLines(exported), sortedLines(export(copy, true)));
    for (int i = 0; i < 30; i++) {
      assertEquals(Verification.MATCH, copy.verify("user" + i, "password-" + i + "-\u00e9"));
      assertArrayEquals(Files.readAllBytes(accounts.accountFile("user" + i)), Files.readAllBytes(copy.accountFile("user" + i)));
    }
  }

  @Test
  void exportLeavesOutSecrets() throws Exception {
    accounts.withTimestamps(true).register("jvb", "secret");
    accounts.setPassword("jvb", "secret2");

    String line = export(accounts, false).strip();

    assertTrue(line.matches("\\{\"jid\":\"jvb@auth.meet.example.org\",\"kind\":\"hashed\",\"iteration_count\":64,"
        + "\"created\":\\d+,\"updated\":\\d+}"), line);
  }

  @Test
  void exportReportsCorruptAndUnloadableFiles() throws Exception {
    accounts.register("good", "secret");
    Path folder = accounts.accountFile("good").getParent();
    Files.writeString(folder.resolve("broken.dat"), "return {");
    Files.writeString(folder.resolve("Upper.dat"), "return {};\n");
    List<String> skipped = new ArrayList<>();

    String exported;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long count =
        accounts.exportAccounts(out, false, (file, problem) -> skipped.add(file.getFileName() + (problem == null ? "" : " corrupt")));
    exported = out.toString(StandardCharsets.UTF_8);

    assertEquals(1, count);
    assertEquals("{\"jid\":\"good@auth.meet.example.org\",\"kind\":\"hashed\",\"iteration_count\":64}\n", exported);
    assertEquals(List.of("Upper.dat", "broken.dat corrupt"), skipped.stream().sorted().toList());
  }

  private static String export(HostAccounts host, boolean withSecrets) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    host.exportAccounts(out, withSecrets, (file, problem) -> {
      throw new AssertionError("skipped " + file);
    });
    return out.toString(StandardCharsets.UTF_8);
  }

  private static List<String> sortedLines(String text) {
    return text.lines().sorted().collect(Collectors.toList());
  }
}
