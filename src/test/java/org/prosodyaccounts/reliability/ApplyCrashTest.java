package org.prosodyaccounts.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prosodyaccounts.HostAccounts;
import org.prosodyaccounts.ProsodyAccounts;
import org.prosodyaccounts.auth.AuthProvider;
import org.prosodyaccounts.auth.AuthSettings;
import org.prosodyaccounts.auth.HashAlgorithm;
import org.prosodyaccounts.auth.Verification;
import org.prosodyaccounts.cli.Main;
import org.prosodyaccounts.lua.LuaTable;

/**
 * Kills {@code prosody-accounts apply} in a child JVM with SIGKILL part-way, several times, and
 * checks after each kill that every account file parses and contains the old or the new password.
 * A run without a kill must then finish the job: every password new, the role and roster written.
 */
class ApplyCrashTest {

  private static final String HOST = "auth.meet.example.org";
  private static final int EXISTING = 25;
  private static final int ADDED = 15;
  private static final int KILLS = 5;
  /** Enough iterations that writing the accounts takes longer than the kill after the first item. */
  private static final int ITERATIONS = 20_000;
  private static final AuthSettings SETTINGS = new AuthSettings(AuthProvider.INTERNAL_HASHED, HashAlgorithm.SHA_1, ITERATIONS);

  @TempDir Path root;

  @Test
  void killedApplyThenRerun() throws Exception {
    long seed = Long.getLong("reliability.seed", System.nanoTime());
    Random random = new Random(seed);
    Path data = Files.createDirectory(root.resolve("data"));
    HostAccounts accounts = ProsodyAccounts.open(data).host(HOST, SETTINGS);
    for (int i = 0; i < EXISTING; i++) {
      accounts.register(user(i), oldPassword(i));
    }
    Path manifest = writeManifest();

    int killedMidway = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      Path log = root.resolve("apply-" + kill + ".log");
      Process apply = start(data, manifest, log);
      // The apply prints each item when it is done, so the first printed item shows that writing
      // has begun; the kill then lands within the next few items.
      awaitFirstItem(apply, log);
      Thread.sleep(random.nextInt(40));
      apply.destroyForcibly();
      assertTrue(apply.waitFor(30, TimeUnit.SECONDS), "the killed apply did not end");

      String context = "kill " + kill + " (seed " + seed + ")";
      int oldCount = 0;
      int newCount = 0;
      for (int i = 0; i < EXISTING + ADDED; i++) {
        Optional<LuaTable> record = accounts.record(user(i));
        if (record.isEmpty()) {
          assertTrue(i >= EXISTING, context + ": " + user(i) + " lost its file");
          continue;
        }
        boolean old = i < EXISTING && accounts.verify(user(i), oldPassword(i)) == Verification.MATCH;
        boolean updated = accounts.verify(user(i), newPassword(i)) == Verification.MATCH;
        assertTrue(old || updated, context + ": " + user(i) + " holds neither its old nor its new password");
        oldCount += old ? 1 : 0;
        newCount += updated ? 1 : 0;
      }
      ProsodyAccounts.open(data).roster("focus@" + HOST);
      if (oldCount > 0 && newCount > 0) {
        killedMidway++;
      }
    }
    System.out.println("ApplyCrashTest seed " + seed + ": " + killedMidway + " of " + KILLS
        + " kills left old and new passwords side by side");
    assertTrue(killedMidway > 0, "no kill landed inside an apply (seed " + seed + "): raise ITERATIONS");

    Path log = root.resolve("apply-final.log");
    Process rerun = start(data, manifest, log);
    assertTrue(rerun.waitFor(120, TimeUnit.SECONDS), "the rerun did not end");
    assertEquals(0, rerun.exitValue(), Files.readString(log));
    for (int i = 0; i < EXISTING + ADDED; i++) {
      assertEquals(Verification.MATCH, accounts.verify(user(i), newPassword(i)), user(i));
    }
    assertEquals("prosody:admin", accounts.role("focus"));
    LuaTable roster = ProsodyAccounts.open(data).roster("focus@" + HOST).orElseThrow();
    assertTrue(roster.containsKey("focus.meet.example.org"), roster.toString());
  }

  /** Waits until the apply has printed an item, or has ended. */
  private static void awaitFirstItem(Process apply, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && apply.isAlive()) {
      String printed = Files.exists(log) ? Files.readString(log) : "";
      if (printed.lines().anyMatch(line -> line.startsWith("updated ") || line.startsWith("created ")
          || line.startsWith("unchanged "))) {
        return;
      }
      Thread.sleep(2);
    }
  }

  private Path writeManifest() throws Exception {
    Path secrets = Files.createDirectory(root.resolve("secrets"));
    List<String> items = new ArrayList<>();
    items.add("{\"user\": \"focus\", \"password\": {\"file\": \"secrets/focus\"}, \"role\": \"prosody:admin\"}");
    Files.writeString(secrets.resolve("focus"), "focus-secret\n");
    for (int i = 0; i < EXISTING + ADDED; i++) {
      items.add("{\"user\": \"" + user(i) + "\", \"password\": {\"file\": \"secrets/" + user(i) + "\"}}");
      Files.writeString(secrets.resolve(user(i)), newPassword(i) + "\n");
    }
    String json = "{\"hosts\": [{\"host\": \"" + HOST + "\", \"accounts\": [\n" + String.join(",\n", items) + "\n]}],\n"
        + "\"rosters\": [{\"user\": \"focus.meet.example.org\", \"contact\": \"focus@" + HOST + "\"}]}\n";
    return Files.writeString(root.resolve("manifest.json"), json, StandardCharsets.UTF_8);
  }

  private static Process start(Path data, Path manifest, Path log) throws Exception {
    List<String> args =
        List.of("--data-path", data.toString(), "--auth", "internal_hashed", "--iterations", String.valueOf(ITERATIONS),
            "apply", manifest.toString());
    return new ProcessBuilder(ChildJvm.command(List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"), Main.class, args))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static String user(int i) {
    return "user" + i;
  }

  private static String oldPassword(int i) {
    return "old-" + i;
  }

  private static String newPassword(int i) {
    return "new-" + i;
  }
}
