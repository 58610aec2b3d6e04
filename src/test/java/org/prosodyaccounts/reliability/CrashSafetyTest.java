package org.prosodyaccounts.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prosodyaccounts.DataDirectoryCheck;
import org.prosodyaccounts.HostAccounts;
import org.prosodyaccounts.ProsodyAccounts;
import org.prosodyaccounts.auth.Verification;
import org.prosodyaccounts.store.PosixIdentity;

/**
 * Kills a child JVM that writes accounts ({@link AccountWriter}) with SIGKILL at random moments,
 * many times, and checks after each kill that every account file parses and contains the old or the
 * new password of its user, that no data file other than the accounts exists, and that the
 * listing ignores what the kill left. A last run without a kill must complete the job.
 */
class CrashSafetyTest {

  private static final int KILLS = Integer.getInteger("reliability.kills", 50);
  private static final int USERS = 6;
  private static final String WRITER = "crash";

  @TempDir Path data;
  @TempDir Path logs;

  @Test
  void killedWritersLeaveWholeRecords() throws Exception {
    long seed = Long.getLong("reliability.seed", System.nanoTime());
    System.out.println("CrashSafetyTest seed " + seed + " (repeat with -Dreliability.seed=" + seed + ")");
    Random random = new Random(seed);
    HostAccounts accounts = ProsodyAccounts.open(data).host(AccountWriter.HOST, AccountWriter.SETTINGS);
    Map<String, Long> current = new HashMap<>();
    long nextRound = 0;
    int killedMidWrite = 0;
    long writesDone = 0;
    long started = System.nanoTime();

    for (int kill = 0; kill < KILLS; kill++) {
      Path log = logs.resolve("writer-" + kill + ".log");
      Process writer = startWriter(log, nextRound, -1);
      awaitReady(writer, log);
      Thread.sleep(random.nextInt(400));
      writer.destroyForcibly();
      assertTrue(writer.waitFor(30, TimeUnit.SECONDS), "the killed writer did not end");

      Progress progress = Progress.read(log);
      writesDone += progress.done.size();
      if (!progress.inFlight().isEmpty()) {
        killedMidWrite++;
      }
      checkRecords(accounts, current, progress, nextRound, "kill " + kill + " (seed " + seed + ")");
      nextRound = Math.max(nextRound, progress.maxRound() + 1);
    }
    long killMillis = (System.nanoTime() - started) / 1_000_000;
    int leftovers = temporaryEntries().size();
    int doctorFindings = countTemporaryFindings();

    Path finalLog = logs.resolve("writer-final.log");
    Process rerun = startWriter(finalLog, nextRound, 1);
    assertTrue(rerun.waitFor(120, TimeUnit.SECONDS), "the rerun did not end");
    assertEquals(0, rerun.exitValue(), Files.readString(finalLog));
    for (int i = 0; i < USERS; i++) {
      String user = AccountWriter.user(i);
      assertEquals(Verification.MATCH, accounts.verify(user, AccountWriter.password(WRITER, user, nextRound)), user);
    }
    assertEquals(usersExpected(), accounts.list().users());

    assertEquals(leftovers, doctorFindings, "doctor reports each temporary folder");
    Figures.add(Figures.Section.CRASH_SAFETY, "- Seed " + seed + ": " + KILLS + " SIGKILLs of a writer of " + USERS
        + " users, at 0 to 400 ms after it was ready, in " + killMillis / 1000 + " s; " + writesDone
        + " writes completed between the kills, and " + killedMidWrite + " kills landed after a write had started"
        + " and before it had ended.");
    Figures.add(Figures.Section.CRASH_SAFETY, "- Corrupt, partial or missing account files after a kill: 0. Each check"
        + " parsed every file and found in it the password it had at the previous check or one that the killed"
        + " writer had started to write.");
    Figures.add(Figures.Section.CRASH_SAFETY, "- Temporary folders left by the kills: " + leftovers + " (`NAME.dat~HEX`,"
        + " each holding at most the unrenamed file); the listing ignored all of them, and `doctor` reported "
        + doctorFindings + " as temporary leftovers.");
    Figures.add(Figures.Section.CRASH_SAFETY, "- Rerun without a kill: completed; every user has its final password and"
        + " the listing shows exactly the " + USERS + " users.");
  }

  private Process startWriter(Path log, long firstRound, long rounds) throws IOException {
    List<String> args = List.of(data.toString(), "0", String.valueOf(USERS), String.valueOf(firstRound),
        String.valueOf(rounds), WRITER);
    return new ProcessBuilder(ChildJvm.command(List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"), AccountWriter.class, args))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static void awaitReady(Process writer, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (Files.readString(log, StandardCharsets.UTF_8).contains("ready")) {
        return;
      }
      if (!writer.isAlive()) {
        fail("the writer ended before it was ready: " + Files.readString(log));
      }
      Thread.sleep(5);
    }
    writer.destroyForcibly();
    fail("the writer was not ready within 30 s: " + Files.readString(log));
  }

  /**
   * Checks every account file against the passwords written so far: the one the file contained at the
   * previous check, each one this writer started, and the one it was about to start. Records the
   * round each file contains in {@code current}.
   */
  private void checkRecords(
      HostAccounts accounts, Map<String, Long> current, Progress progress, long firstRound, String context)
      throws Exception {
    Path folder = accountsFolder();
    Set<String> expectedFiles = new TreeSet<>();
    for (int i = 0; i < USERS; i++) {
      String user = AccountWriter.user(i);
      Set<Long> candidates = new LinkedHashSet<>();
      Optional.ofNullable(current.get(user)).ifPresent(candidates::add);
      candidates.addAll(progress.started.getOrDefault(user, Set.of()));
      long next = progress.done.containsKey(user) ? progress.done.get(user) + 1 : firstRound;
      candidates.add(next);
      Optional<?> record = accounts.record(user);
      if (record.isEmpty()) {
        assertFalse(current.containsKey(user) || progress.done.containsKey(user), context + ": " + user + " lost its file");
        continue;
      }
      expectedFiles.add(user + ".dat");
      boolean matched = false;
      for (long round : candidates) {
        if (accounts.verify(user, AccountWriter.password(WRITER, user, round)) == Verification.MATCH) {
          matched = true;
          assertTrue(round >= progress.done.getOrDefault(user, -1L), context + ": " + user + " went back to round " + round);
          current.put(user, round);
          break;
        }
      }
      assertTrue(matched, context + ": " + user + " contains none of the passwords of rounds " + candidates);
    }

    Set<String> dataFiles = new TreeSet<>();
    if (!Files.isDirectory(folder)) {
      assertEquals(Set.of(), expectedFiles, context + ": the accounts folder is missing");
      return;
    }
    try (Stream<Path> entries = Files.list(folder)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (name.endsWith(".dat") || name.endsWith(".list") || name.endsWith(".lidx")) {
          dataFiles.add(name);
          assertTrue(Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS), context + ": " + name);
        }
      }
    }
    assertEquals(expectedFiles, dataFiles, context + ": data files other than the accounts");
    List<String> listed = accounts.list().users();
    assertEquals(new ArrayList<>(expectedFiles.stream().map(n -> n.substring(0, n.length() - 4)).toList()), listed,
        context + ": the listing");
  }

  private Path accountsFolder() {
    return data.resolve("auth%2emeet%2eexample%2eorg/accounts");
  }

  private List<Path> temporaryEntries() throws IOException {
    try (Stream<Path> entries = Files.list(accountsFolder())) {
      return entries.filter(p -> p.getFileName().toString().contains("~")).toList();
    }
  }

  private int countTemporaryFindings() throws IOException {
    List<DataDirectoryCheck.Finding> findings =
        DataDirectoryCheck.run(data, PosixIdentity.ownerOf(data), "root:root", Optional.empty(), host -> Optional.empty());
    return (int) findings.stream().filter(f -> f.problem() == DataDirectoryCheck.Problem.TEMPORARY_FILE).count();
  }

  private static List<String> usersExpected() {
    List<String> users = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      users.add(AccountWriter.user(i));
    }
    users.sort(null);
    return users;
  }

  /** What a writer printed before it was killed. */
  private record Progress(Map<String, Set<Long>> started, Map<String, Long> done) {

    static Progress read(Path log) throws IOException {
      Map<String, Set<Long>> started = new HashMap<>();
      Map<String, Long> done = new HashMap<>();
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        String[] words = line.split(" ");
        if (words.length == 3 && words[0].equals("start")) {
          started.computeIfAbsent(words[1], u -> new LinkedHashSet<>()).add(Long.parseLong(words[2]));
        } else if (words.length == 3 && words[0].equals("done")) {
          done.merge(words[1], Long.parseLong(words[2]), Math::max);
        }
      }
      return new Progress(started, done);
    }

    /** Returns the users whose last started write has no done line. */
    Set<String> inFlight() {
      Set<String> users = new TreeSet<>();
      started.forEach((user, rounds) -> {
        long last = rounds.stream().mapToLong(Long::longValue).max().orElse(-1);
        if (done.getOrDefault(user, -1L) < last) {
          users.add(user);
        }
      });
      return users;
    }

    long maxRound() {
      return started.values().stream().flatMap(Set::stream).mapToLong(Long::longValue).max().orElse(-1);
    }
  }
}
