package org.prosodyaccounts.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prosodyaccounts.cli.CommandHarness;
import org.prosodyaccounts.cli.Main;

/**
 * Account files and temporary files are never readable by others, even under umask 000, and
 * passwords given on standard input never appear in the output, in messages, or in the process's
 * command line and environment.
 */
class SecretExposureTest {

  private static final String HOST = AccountWriter.HOST;
  private static final String PASSWORD = "Zq9-unique-Passw0rd";

  @TempDir Path data;
  @TempDir Path work;

  @Test
  void filesAreNeverReadableByOthers() throws Exception {
    List<String> command = new ArrayList<>(List.of("sh", "-c", "umask 000 && exec \"$@\"", "sh"));
    command.addAll(ChildJvm.command(List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"), AccountWriter.class,
        List.of(data.toString(), "0", "3", "0", "60", "umask")));
    Path accounts = data.resolve("auth%2emeet%2eexample%2eorg/accounts");
    Map<String, Integer> exposed = new TreeMap<>();
    long[] observed = new long[2];
    AtomicBoolean running = new AtomicBoolean(true);

    Process writer = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("writer.log").toFile()).start();
    Thread watcher = new Thread(() -> {
      while (running.get()) {
        observe(accounts, exposed, observed);
      }
    }, "watcher");
    watcher.start();
    try {
      assertTrue(writer.waitFor(120, TimeUnit.SECONDS), "the writer did not end");
    } finally {
      running.set(false);
      watcher.join(10_000);
    }

    assertEquals(0, writer.exitValue(), Files.readString(work.resolve("writer.log")));
    assertEquals(Map.of(), exposed, "entries readable, writable or searchable by others");
    assertTrue(observed[1] > 0, "the watcher saw no temporary file");
    assertEquals("750", mode(data.resolve("auth%2emeet%2eexample%2eorg")));
    assertEquals("750", mode(accounts));
    for (int i = 0; i < 3; i++) {
      assertEquals("640", mode(accounts.resolve(AccountWriter.user(i) + ".dat")));
    }
    Figures.add(Figures.Section.SECRETS, "- Modes under umask 000: a writer process started with `umask 000` wrote 180"
        + " records while this JVM listed the folders in a loop and read the mode of every entry it saw: "
        + observed[0] + " modes read, " + observed[1] + " of them of temporary files or folders. None gave others any"
        + " access; temporary folders are 0700, temporary and account files 0640, the host and store folders 0750.");
  }

  private static void observe(Path accounts, Map<String, Integer> exposed, long[] observed) {
    try (Stream<Path> entries = Files.list(accounts)) {
      for (Path entry : entries.toList()) {
        check(entry, exposed, observed);
        if (entry.getFileName().toString().contains("~") && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          try (Stream<Path> inside = Files.list(entry)) {
            for (Path file : inside.toList()) {
              check(file, exposed, observed);
            }
          }
        }
      }
    } catch (IOException e) {
      // An entry vanished between the listing and the check: the next round lists again.
    }
  }

  private static void check(Path entry, Map<String, Integer> exposed, long[] observed) throws IOException {
    int mode = (Integer) Files.getAttribute(entry, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0777;
    observed[0]++;
    if (entry.toString().contains("~")) {
      observed[1]++;
    }
    if ((mode & 0007) != 0 || (mode & 0020) != 0) {
      exposed.put(entry.toString(), mode);
    }
  }

  @Test
  void passwordsNeverAppearInOutput() throws Exception {
    Path config = Files.writeString(work.resolve("prosody.cfg.lua"), "VirtualHost \"" + HOST + "\"\n");
    Path accounts = Files.createDirectories(data.resolve("auth%2emeet%2eexample%2eorg/accounts"));
    Files.writeString(accounts.resolve("disabled.dat"),
        "return {\n\t[\"password\"] = \"" + PASSWORD + "\";\n\t[\"disabled\"] = true;\n};\n");
    Files.writeString(accounts.resolve("corrupt.dat"), "return {\n\t[\"password\"] = \"" + PASSWORD + "\" .. x;\n};\n");
    Path notADirectory = Files.writeString(work.resolve("file"), "x");
    String d = data.toString();
    List<String[]> commands = List.of(
        new String[] {"missing account", PASSWORD + "\n", "--data-path", d, "verify", "nobody@" + HOST},
        new String[] {"register", "", "--data-path", d, "register", "jvb", HOST, "other-password"},
        new String[] {"wrong password", PASSWORD + "\n", "--data-path", d, "verify", "jvb@" + HOST},
        new String[] {"disabled account", PASSWORD + "\n", "--data-path", d, "verify", "disabled@" + HOST},
        new String[] {"corrupt account", PASSWORD + "\n", "--data-path", d, "verify", "corrupt@" + HOST},
        new String[] {"corrupt account passwd", PASSWORD + "\n" + PASSWORD + "\n", "--data-path", d, "passwd", "corrupt@" + HOST},
        new String[] {"retype differs", PASSWORD + "\nX" + PASSWORD + "\nn\n", "--data-path", d, "passwd", "jvb@" + HOST},
        new String[] {"fails SASLprep", PASSWORD + "\u0007\n" + PASSWORD + "\u0007\n", "--data-path", d, "passwd", "jvb@" + HOST},
        new String[] {"adduser exists", PASSWORD + "\n" + PASSWORD + "\n", "--data-path", d, "adduser", "jvb@" + HOST},
        new String[] {"adduser bad name", PASSWORD + "\n" + PASSWORD + "\n", "--data-path", d, "adduser", "a b@" + HOST},
        new String[] {"adduser no data directory", PASSWORD + "\n" + PASSWORD + "\n", "--data-path", notADirectory.toString(),
            "adduser", "new@" + HOST},
        new String[] {"configured host, bad password", PASSWORD + "\u0000\n" + PASSWORD + "\u0000\n", "--config", config.toString(),
            "--data-path", d, "adduser", "zed@" + HOST},
        new String[] {"library verify", "", "lib:verify", d, HOST, "corrupt", PASSWORD},
        new String[] {"library verify missing", "", "lib:verify", d, HOST, "nobody", PASSWORD});
    List<String> lines = new ArrayList<>();
    for (String[] c : commands) {
      lines.add(c[0] + "\t" + Base64.getEncoder().encodeToString(c[1].getBytes(StandardCharsets.UTF_8)) + "\t"
          + String.join("\t", List.of(c).subList(2, c.length)));
    }
    Path commandFile = Files.write(work.resolve("commands.txt"), lines);
    Path results = work.resolve("results.txt");
    Process process = new ProcessBuilder(ChildJvm.command(List.of("-Xmx64m"), CommandHarness.class,
        List.of(commandFile.toString(), results.toString()))).redirectErrorStream(true)
        .redirectOutput(work.resolve("child.log").toFile()).start();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), Files.readString(work.resolve("child.log")));

    List<String> outcomes = new ArrayList<>();
    for (String line : Files.readAllLines(results)) {
      String[] fields = line.split("\t", -1);
      String output = decode(fields[3]) + decode(fields[4]);
      assertFalse(output.contains(PASSWORD), fields[0] + " printed the password: " + output);
      assertFalse(output.contains(PASSWORD.substring(0, 8)), fields[0] + " printed part of the password: " + output);
      outcomes.add(fields[0] + " (exit " + fields[1] + ")");
    }
    assertEquals(commands.size(), outcomes.size());
    Figures.add(Figures.Section.SECRETS, "- Failure paths scanned for a password given on standard input or to the"
        + " library: " + String.join(", ", outcomes) + ". None printed it or its first 8 characters on standard"
        + " output or standard error, and no exception message contained it. The tool has no JSON output.");
  }

  @Test
  void stdinPasswordNotInProcessTable() throws Exception {
    Path accounts = Files.createDirectories(data.resolve("auth%2emeet%2eexample%2eorg/accounts"));
    Files.writeString(accounts.resolve("jvb.dat"), "return {\n\t[\"password\"] = \"" + PASSWORD + "\";\n};\n");
    Process process = new ProcessBuilder(ChildJvm.command(List.of("-Xmx64m"), Main.class,
        List.of("--data-path", data.toString(), "verify", "jvb@" + HOST))).redirectErrorStream(true)
        .redirectOutput(work.resolve("verify.log").toFile()).start();

    byte[] cmdline = Files.readAllBytes(Path.of("/proc/" + process.pid() + "/cmdline"));
    byte[] environ = Files.readAllBytes(Path.of("/proc/" + process.pid() + "/environ"));
    try (OutputStream in = process.getOutputStream()) {
      in.write((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));

    String output = Files.readString(work.resolve("verify.log"));
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.contains("matches"), output);
    assertFalse(output.contains(PASSWORD), output);
    assertFalse(new String(cmdline, StandardCharsets.UTF_8).contains(PASSWORD));
    assertFalse(new String(environ, StandardCharsets.UTF_8).contains(PASSWORD));
    Figures.add(Figures.Section.SECRETS, "- `/proc/PID/cmdline` and `/proc/PID/environ` of `verify` reading the password"
        + " from standard input: the password is in neither, and not in its output. `register USER HOST PASSWORD`"
        + " puts it in the command line, where every local user can read it in `ps`: give the password on standard"
        + " input (`register USER HOST` prompts, or reads two lines without a terminal) instead.");
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  private static String mode(Path path) throws IOException {
    return Integer.toOctalString((Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0777);
  }
}
