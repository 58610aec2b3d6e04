package org.prosodyaccounts.server;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code bin/prosody-accounts} as an administrator does, in a separate process with the jar
 * that {@code mvn package} built ({@code target/prosody-accounts-*-all.jar}, through
 * {@code PROSODY_ACCOUNTS_JAR}).
 */
public final class ToolCli {

  /** The launcher script of the source tree. */
  public static final Path SCRIPT = Path.of("bin/prosody-accounts").toAbsolutePath();

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private ToolCli() {}

  /** Runs {@code bin/prosody-accounts ARGS} with {@code stdin} as standard input. */
  public static CommandResult run(String stdin, List<String> args) throws IOException, InterruptedException {
    return run(List.of(), stdin, args);
  }

  /**
   * Runs {@code PREFIX bin/prosody-accounts ARGS}, where the prefix is a command that runs the
   * script in another environment, such as {@code unshare}.
   */
  public static CommandResult run(List<String> prefix, String stdin, List<String> args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(prefix);
    command.add(SCRIPT.toString());
    command.addAll(args);
    return Processes.run(
        command, Map.of("PROSODY_ACCOUNTS_JAR", jar().toString(), "LANG", "C.UTF-8"), Path.of("").toAbsolutePath(),
        stdin, TIMEOUT);
  }

  /** Returns the packaged jar; the integration tests run after {@code package}, so it exists. */
  public static Path jar() throws IOException {
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "prosody-accounts-*-all.jar")) {
      for (Path jar : jars) {
        return jar.toAbsolutePath();
      }
    }
    throw new IllegalStateException("no target/prosody-accounts-*-all.jar: run mvn verify, which packages it first");
  }
}
