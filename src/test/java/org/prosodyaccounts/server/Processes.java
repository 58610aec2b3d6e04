package org.prosodyaccounts.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs external commands with a time limit, and ends process trees. */
final class Processes {

  private Processes() {}

  /**
   * Runs {@code command} to its end with {@code stdin} as standard input.
   *
   * @param environment variables added to this process's environment
   * @throws IOException if the command cannot start or does not end within {@code timeout}. A
   *     command that times out is killed with its descendants first.
   */
  static CommandResult run(
      List<String> command, Map<String, String> environment, Path directory, String stdin, Duration timeout)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile("command-out", ".txt");
    Path errors = Files.createTempFile("command-err", ".txt");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectOutput(output.toFile())
              .redirectError(errors.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      try (OutputStream in = process.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // The command ended or closed its input before reading all of it, and its output shows why.
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        killTree(process.toHandle());
        throw new IOException(
            "command did not end within " + timeout.toSeconds() + " s and was killed: " + command
                + "\n--- stdout\n" + Files.readString(output, StandardCharsets.UTF_8)
                + "--- stderr\n" + Files.readString(errors, StandardCharsets.UTF_8));
      }
      return new CommandResult(
          process.exitValue(),
          Files.readString(output, StandardCharsets.UTF_8),
          Files.readString(errors, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
      Files.deleteIfExists(errors);
    }
  }

  /** Sends SIGTERM to {@code process}, and SIGKILL to it and its descendants if it still runs 5 s later. */
  static void killTreeGently(Process process) {
    process.destroy();
    try {
      if (process.waitFor(5, TimeUnit.SECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    killTree(process.toHandle());
  }

  /** Sends SIGKILL to {@code process} and every descendant of it. */
  static void killTree(ProcessHandle process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
