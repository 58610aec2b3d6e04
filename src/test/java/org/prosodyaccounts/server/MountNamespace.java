package org.prosodyaccounts.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.prosodyaccounts.store.Ownership;

/**
 * Runs a command in a private mount namespace where one file shows another's content, so that a
 * test can change what a fixed path such as {@code /usr/lib/prosody/prosody.version} holds for
 * that command only. The machine's own mounts stay untouched. Needs root and util-linux's
 * {@code unshare}.
 */
final class MountNamespace {

  private static final Path UNSHARE = Path.of("/usr/bin/unshare");

  private static Boolean available;

  private MountNamespace() {}

  /** Returns true when this process may create mount namespaces (root, and unshare works here). */
  static synchronized boolean available() {
    if (available == null) {
      available = Ownership.isRoot() && Files.isExecutable(UNSHARE) && probe();
    }
    return available;
  }

  private static boolean probe() {
    try {
      return Processes.run(List.of(UNSHARE.toString(), "--mount", "--propagation", "private", "true"), Map.of(),
          Path.of("/"), "", Duration.ofSeconds(10)).exitCode() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Returns a command prefix that runs the command after it with {@code source} bind-mounted over
   * {@code target}.
   */
  static List<String> bind(Path source, Path target) {
    return List.of(UNSHARE.toString(), "--mount", "--propagation", "private", "--", "/bin/sh", "-c",
        "mount --bind \"$1\" \"$2\" && shift 2 && exec \"$@\"", "sh", source.toString(), target.toString());
  }
}
