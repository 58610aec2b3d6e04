package org.prosodyaccounts.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prosodyaccounts.HostAccounts;
import org.prosodyaccounts.ProsodyAccounts;
import org.prosodyaccounts.auth.Verification;
import org.prosodyaccounts.cli.Main;
import org.prosodyaccounts.store.Ownership;

/**
 * A write on a full file system, and on a read-only one, must fail with exit code 6 and a message
 * that names the file and the reason, and leave the old record and no temporary entry. The data
 * directory is a 64 KiB tmpfs that the test mounts itself, which needs root.
 */
class FullFileSystemTest {

  private static final String HOST = AccountWriter.HOST;

  @TempDir Path mountPoint;
  private boolean mounted;
  private Path data;

  @BeforeEach
  void mountSmallTmpfs() throws Exception {
    assumeTrue(Ownership.isRoot(), "mounting a tmpfs needs root");
    CommandOutput mount = run(List.of("mount", "-t", "tmpfs", "-o", "size=64k,mode=0755", "tmpfs", mountPoint.toString()));
    assumeTrue(mount.exitCode() == 0, "mount refused: " + mount.output());
    mounted = true;
    data = Files.createDirectory(mountPoint.resolve("data"));
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      CommandOutput umount = run(List.of("umount", mountPoint.toString()));
      assertEquals(0, umount.exitCode(), umount.output());
    }
  }

  @Test
  void fullDiskKeepsOldRecord() throws Exception {
    HostAccounts accounts = ProsodyAccounts.open(data).host(HOST, AccountWriter.SETTINGS);
    accounts.register("jvb", "old-password");
    Path file = accounts.accountFile("jvb");
    String before = Files.readString(file);
    long filled = fill(mountPoint.resolve("filler"));

    FileSystemException library = assertThrows(FileSystemException.class, () -> accounts.setPassword("jvb", "new-password"));
    CommandOutput cli = runCli("new-password\nnew-password\n", "--data-path", data.toString(), "passwd", "jvb@" + HOST);

    assertTrue(library.getMessage().contains("No space left on device"), library.getMessage());
    assertTrue(library.getMessage().contains(file.getParent().toString()), library.getMessage());
    assertEquals(6, cli.exitCode(), cli.output());
    assertTrue(cli.output().contains("No space left on device"), cli.output());
    assertTrue(cli.output().contains(file.getParent().toString()), cli.output());
    assertFalse(cli.output().contains("\tat "), cli.output());
    assertEquals(before, Files.readString(file));
    assertEquals(Verification.MATCH, accounts.verify("jvb", "old-password"));
    assertEquals(List.of(), temporaryEntries(file.getParent()));
    Figures.add(Figures.Section.DISK_FULL, "- Full disk: a 64 KiB tmpfs mounted by the test, filled with " + filled
        + " bytes after the first record. `setPassword` threw FileSystemException and `passwd` exited with 6, both"
        + " naming the path and the reason (`" + lineWith(cli.output(), "No space left").replace(data.toString(), "DATA") + "`). The"
        + " old record was unchanged and still verified, and no temporary entry was left.");
  }

  @Test
  void readOnlyFileSystemKeepsOldRecord() throws Exception {
    HostAccounts accounts = ProsodyAccounts.open(data).host(HOST, AccountWriter.SETTINGS);
    accounts.register("jvb", "old-password");
    Path file = accounts.accountFile("jvb");
    String before = Files.readString(file);
    CommandOutput remount = run(List.of("mount", "-o", "remount,ro", mountPoint.toString()));
    assertEquals(0, remount.exitCode(), remount.output());

    CommandOutput register = runCli("", "--data-path", data.toString(), "register", "jvb", HOST, "new-password");
    CommandOutput newHost = runCli("", "--data-path", data.toString(), "register", "jvb", "new.example", "new-password");
    CommandOutput verify = runCli("old-password\n", "--data-path", data.toString(), "verify", "jvb@" + HOST);

    assertEquals(6, register.exitCode(), register.output());
    assertTrue(register.output().contains("Read-only file system"), register.output());
    assertTrue(register.output().contains(file.toString() + ": cannot create temporary folder"), register.output());
    assertEquals(6, newHost.exitCode(), newHost.output());
    assertTrue(newHost.output().contains("Read-only file system"), newHost.output());
    assertEquals(0, verify.exitCode(), verify.output());
    assertEquals(before, Files.readString(file));
    assertEquals(List.of(), temporaryEntries(file.getParent()));
    Figures.add(Figures.Section.DISK_FULL, "- Read-only file system: the same tmpfs remounted read-only. `register` of an"
        + " existing account and of a new host exited with 6, naming the path and the reason (`"
        + lineWith(register.output(), "Read-only").replace(data.toString(), "DATA") + "`); `verify` still read the old record,"
        + " which was unchanged, and no temporary entry was left.");
  }

  /** Writes zeros to {@code filler} until the file system is full, and returns the bytes written. */
  private static long fill(Path filler) {
    long written = 0;
    byte[] block = new byte[1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
        out.flush();
        written += block.length;
      }
    } catch (IOException e) {
      assertTrue(e.getMessage().contains("No space left on device"), e.toString());
    }
    return written;
  }

  private static List<Path> temporaryEntries(Path folder) throws IOException {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.filter(p -> p.getFileName().toString().contains("~")).toList();
    }
  }

  private static String lineWith(String text, String words) {
    return text.lines().filter(line -> line.contains(words)).findFirst().orElse("").replace("|", "\\|");
  }

  /** The exit code and the merged output of a command. */
  private record CommandOutput(int exitCode, String output) {}

  private CommandOutput runCli(String stdin, String... args) throws Exception {
    return run(ChildJvm.command(List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"), Main.class, List.of(args)), stdin);
  }

  private static CommandOutput run(List<String> command) throws Exception {
    return run(command, "");
  }

  private static CommandOutput run(List<String> command, String stdin) throws Exception {
    Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("timed out: " + command);
    }
    return new CommandOutput(process.exitValue(), output);
  }
}
