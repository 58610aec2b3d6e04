package org.prosodyaccounts.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prosodyaccounts.HostAccounts;
import org.prosodyaccounts.ProsodyAccounts;
import org.prosodyaccounts.auth.Verification;

/**
 * Several child JVMs ({@link AccountWriter}) write to the same host at once: first each its own
 * users, then all the same user, while this JVM reads the records in a loop. No record may ever
 * be unreadable, and the final record must be one that a writer wrote last.
 */
class ConcurrentWritersTest {

  private static final int WRITERS = 4;
  private static final int USERS_EACH = 5;
  private static final int ROUNDS = 15;
  private static final int SAME_USER_ROUNDS = 40;

  @TempDir Path data;
  @TempDir Path logs;

  @Test
  void writersOfDifferentUsers() throws Exception {
    HostAccounts accounts = ProsodyAccounts.open(data).host(AccountWriter.HOST, AccountWriter.SETTINGS);
    List<String> users = new ArrayList<>();
    for (int i = 0; i < WRITERS * USERS_EACH; i++) {
      users.add(AccountWriter.user(i));
    }

    long[] reads = readWhile(accounts, users, () -> runWriters(w -> List.of(String.valueOf(w * USERS_EACH),
        String.valueOf(USERS_EACH), "0", String.valueOf(ROUNDS), "w" + w)));

    for (int w = 0; w < WRITERS; w++) {
      for (int i = w * USERS_EACH; i < (w + 1) * USERS_EACH; i++) {
        String user = AccountWriter.user(i);
        assertEquals(Verification.MATCH, accounts.verify(user, AccountWriter.password("w" + w, user, ROUNDS - 1)), user);
      }
    }
    assertEquals(users.stream().sorted().toList(), accounts.list().users());
    assertEquals(0, temporaryEntries(), "a finished write left a temporary folder");
    Figures.add(Figures.Section.CONCURRENT_WRITERS, "- Different users: " + WRITERS + " writer processes at once, " + USERS_EACH
        + " users each, " + ROUNDS + " rounds: " + WRITERS * USERS_EACH * ROUNDS + " writes. Meanwhile this JVM read "
        + reads[0] + " records, 0 unreadable. Every user ends with its writer's last password, the listing shows the "
        + WRITERS * USERS_EACH + " users, and no temporary folder is left.");
  }

  @Test
  void writersOfTheSameUser() throws Exception {
    HostAccounts accounts = ProsodyAccounts.open(data).host(AccountWriter.HOST, AccountWriter.SETTINGS);
    String user = AccountWriter.user(0);

    long[] reads = readWhile(accounts, List.of(user), () -> runWriters(w -> List.of("0", "1", "0",
        String.valueOf(SAME_USER_ROUNDS), "w" + w)));

    List<String> winners = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      if (accounts.verify(user, AccountWriter.password("w" + w, user, SAME_USER_ROUNDS - 1)) == Verification.MATCH) {
        winners.add("w" + w);
      }
    }
    assertEquals(1, winners.size(), "the final record must be the last one of exactly one writer: " + winners);
    assertEquals(List.of(user), accounts.list().users());
    assertEquals(0, temporaryEntries(), "a finished write left a temporary folder");
    Figures.add(Figures.Section.CONCURRENT_WRITERS, "- Same user: " + WRITERS + " writer processes at once, "
        + SAME_USER_ROUNDS + " password changes each of one user: " + WRITERS * SAME_USER_ROUNDS + " writes. Meanwhile"
        + " this JVM read " + reads[0] + " records, 0 unreadable. The final record is the last one of writer "
        + winners.get(0) + ": the last rename won.");
  }

  private interface Arguments {
    List<String> of(int writer);
  }

  private interface Job {
    void run() throws Exception;
  }

  private void runWriters(Arguments arguments) throws Exception {
    List<Process> processes = new ArrayList<>();
    List<Path> logFiles = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      List<String> args = new ArrayList<>(List.of(data.toString()));
      args.addAll(arguments.of(w));
      Path log = logs.resolve("writer-" + System.nanoTime() + ".log");
      logFiles.add(log);
      processes.add(new ProcessBuilder(ChildJvm.command(List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"), AccountWriter.class, args))
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start());
    }
    for (int w = 0; w < WRITERS; w++) {
      Process process = processes.get(w);
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      assertEquals(0, process.exitValue(), Files.readString(logFiles.get(w), StandardCharsets.UTF_8));
    }
  }

  /** Runs {@code job} while a thread reads the users' records, and returns the number of reads. */
  private static long[] readWhile(HostAccounts accounts, List<String> users, Job job) throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong reads = new AtomicLong();
    List<Exception> failures = new ArrayList<>();
    Thread reader = new Thread(() -> {
      while (running.get()) {
        for (String user : users) {
          try {
            accounts.record(user);
            reads.incrementAndGet();
          } catch (Exception e) {
            synchronized (failures) {
              failures.add(e);
            }
          }
        }
      }
    }, "reader");
    reader.start();
    try {
      job.run();
    } finally {
      running.set(false);
      reader.join(10_000);
    }
    assertEquals(List.of(), failures, "a record could not be read while being written");
    assertTrue(reads.get() > 0, "the reader read nothing");
    return new long[] {reads.get()};
  }

  private long temporaryEntries() throws IOException {
    try (Stream<Path> entries = Files.list(data.resolve("auth%2emeet%2eexample%2eorg/accounts"))) {
      return entries.filter(p -> p.getFileName().toString().contains("~")).count();
    }
  }
}
