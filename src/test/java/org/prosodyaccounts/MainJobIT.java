package org.prosodyaccounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.prosodyaccounts.store.Ownership;

/**
 * The main job as an admin runs it: {@code bin/prosody-accounts} with the packaged jar, in a
 * separate process, judged by Debian's Prosody.
 */
class MainJobIT {

  private static final Path SCRIPT = Path.of("bin/prosody-accounts").toAbsolutePath();
  private static final String HOST = "auth.meet.example.org";

  private Path work;
  private Path data;

  /** The result of one command. */
  record Result(int exitCode, String out, String err) {}

  @BeforeEach
  void createWorkDirectory() throws IOException {
    work = Files.createTempDirectory("main-job");
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    data = Files.createDirectory(work.resolve("data"));
  }

  @AfterEach
  void deleteWorkDirectory() throws IOException {
    Process process = new ProcessBuilder("rm", "-rf", work.toString()).start();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Path jar() throws IOException {
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "prosody-accounts-*-all.jar")) {
      for (Path jar : jars) {
        return jar.toAbsolutePath();
      }
    }
    throw new IllegalStateException("no packaged jar in target/: run mvn verify");
  }

  private Result run(List<String> prefix, String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(prefix);
    command.add(SCRIPT.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    builder.environment().put("PROSODY_ACCOUNTS_JAR", jarFor(prefix).toString());
    Process process = builder.start();
    process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "command timed out: " + command);
    return new Result(process.exitValue(), out, err);
  }

  /** Returns a jar another user can read: a copy in the world-readable work directory. */
  private Path jarFor(List<String> prefix) throws IOException {
    if (prefix.isEmpty()) {
      return jar();
    }
    Path copy = work.resolve("prosody-accounts.jar");
    if (!Files.exists(copy)) {
      Files.copy(jar(), copy);
      Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
    }
    return copy;
  }

  @Test
  void registerWritesFileThatProsodyAccepts() throws Exception {
    Result register = run(List.of(), "", "register", "jvb", HOST, "secret", "--data-path", data.toString());

    assertEquals(0, register.exitCode(), register.toString());
    assertEquals("", register.out());
    assertTrue(register.err().contains("note: " + data.resolve("auth%2emeet%2eexample%2eorg") + " does not exist yet"), register.err());
    Path file = data.resolve("auth%2emeet%2eexample%2eorg/accounts/jvb.dat");
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    List<ProsodyJudge.Verdict> verdicts =
        ProsodyJudge.check(
            data,
            List.of(
                new ProsodyJudge.Case(HOST, "jvb", "SHA-1", "secret"),
                new ProsodyJudge.Case(HOST, "jvb", "SHA-1", "Secret")));
    assertEquals("OK", verdicts.get(0).status());
    assertEquals("MISMATCH", verdicts.get(1).status());
  }

  @Test
  void verifyAcceptsOnlyThePassword() throws Exception {
    run(List.of(), "", "--data-path", data.toString(), "register", "jvb", HOST, "secret");

    Result match = run(List.of(), "secret\n", "--data-path", data.toString(), "verify", "jvb@" + HOST);
    Result mismatch = run(List.of(), "secret \n", "--data-path", data.toString(), "verify", "jvb@" + HOST);

    assertEquals(0, match.exitCode(), match.toString());
    assertEquals(1, mismatch.exitCode(), mismatch.toString());
  }

  @Test
  void asRootUsesDirectoryOwner() throws Exception {
    assumeTrue(Ownership.isRoot(), "only root can hand files to another owner");
    Files.setAttribute(data, "unix:uid", 4242);
    Files.setAttribute(data, "unix:gid", 4343);
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-x---"));

    Result register = run(List.of(), "", "--data-path", data.toString(), "register", "focus", HOST, "S3cret");

    assertEquals(0, register.exitCode(), register.toString());
    for (String relative : List.of("auth%2emeet%2eexample%2eorg", "auth%2emeet%2eexample%2eorg/accounts", "auth%2emeet%2eexample%2eorg/accounts/focus.dat")) {
      Path path = data.resolve(relative);
      assertEquals(4242, Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS), relative);
      assertEquals(4343, Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS), relative);
    }
  }

  @Test
  void notWritableDirectoryIsExplained() throws Exception {
    assumeTrue(Ownership.isRoot(), "needs root to run the command as another user");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv from util-linux");
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));

    Result register =
        run(
            List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"),
            "",
            "--data-path",
            data.toString(),
            "register",
            "jvb",
            HOST,
            "secret");

    assertEquals(6, register.exitCode(), register.toString());
    assertTrue(register.err.contains(data.toString()), register.err);
    assertTrue(register.err.contains("owner root:root, mode 0755"), register.err);
    assertTrue(register.err.contains("nobody (uid 65534)"), register.err);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(data)) {
      assertTrue(!entries.iterator().hasNext(), "nothing may be written");
    }
  }
}
