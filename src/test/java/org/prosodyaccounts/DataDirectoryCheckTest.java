package org.prosodyaccounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prosodyaccounts.DataDirectoryCheck.Finding;
import org.prosodyaccounts.DataDirectoryCheck.Problem;
import org.prosodyaccounts.auth.AuthProvider;
import org.prosodyaccounts.auth.AuthSettings;
import org.prosodyaccounts.auth.HashAlgorithm;
import org.prosodyaccounts.store.Ownership;
import org.prosodyaccounts.store.PosixIdentity;

/** The data directory check against a directory with planted problems, as root. */
class DataDirectoryCheckTest {

  private static final PosixIdentity PROSODY = new PosixIdentity("prosody", 4242, Set.of(4343));
  private static final AuthSettings HASHED = AuthSettings.defaults();
  private static final AuthSettings PLAIN = new AuthSettings(AuthProvider.INTERNAL_PLAIN, HashAlgorithm.SHA_1, 10000);
  private static final Map<String, AuthSettings> HOSTS =
      Map.of("auth.example.org", HASHED, "recorder.example.org", PLAIN);

  @TempDir Path data;

  @BeforeEach
  void requireRoot() {
    assumeTrue(Ownership.isRoot(), "planting files of other owners needs root");
  }

  private List<Finding> check() throws IOException {
    return DataDirectoryCheck.run(
        data, PROSODY, "prosody:prosody", Optional.of(HOSTS.keySet()), host -> Optional.ofNullable(HOSTS.get(host)));
  }

  /** Writes accounts as the prosody user would own them: mode 0640, folders 0750. */
  private void writeAccounts() throws Exception {
    ProsodyAccounts accounts = ProsodyAccounts.open(data);
    accounts.host("auth.example.org", HASHED).register("jvb", "secret");
    accounts.host("recorder.example.org", PLAIN).register("recorder", "secret");
    chownTree(data);
  }

  private static void chownTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.toList()) {
        Files.setAttribute(path, "unix:uid", PROSODY.uid(), java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", 4343, java.nio.file.LinkOption.NOFOLLOW_LINKS);
      }
    }
  }

  private static Map<Problem, List<String>> byProblem(List<Finding> findings, Path data) {
    return findings.stream()
        .collect(
            Collectors.groupingBy(
                Finding::problem,
                Collectors.mapping(finding -> data.relativize(finding.path()).toString(), Collectors.toList())));
  }

  @Test
  void cleanDirectoryHasNoFindings() throws Exception {
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-x---"));
    writeAccounts();

    assertEquals(List.of(), check());
  }

  @Test
  void findsEveryPlantedProblem() throws Exception {
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-x---"));
    writeAccounts();
    Path auth = data.resolve("auth%2eexample%2eorg/accounts");
    Path recorder = data.resolve("recorder%2eexample%2eorg/accounts");
    Files.copy(auth.resolve("jvb.dat"), recorder.resolve("hashed.dat"));
    Files.copy(recorder.resolve("recorder.dat"), auth.resolve("plain.dat"));
    Files.writeString(auth.resolve("Upper.dat"), Files.readString(auth.resolve("jvb.dat")));
    Files.writeString(auth.resolve("broken.dat"), "return { password = ");
    Files.setPosixFilePermissions(auth.resolve("Upper.dat"), PosixFilePermissions.fromString("rw-r-----"));
    Files.setPosixFilePermissions(auth.resolve("broken.dat"), PosixFilePermissions.fromString("rw-r-----"));
    Files.writeString(auth.resolve("jvb.dat~0123abcd"), "return {");
    Files.setPosixFilePermissions(auth.resolve("jvb.dat"), PosixFilePermissions.fromString("rw-r--r--"));
    ProsodyAccounts.open(data)
        .host("vault.example.org", new AuthSettings(AuthProvider.INTERNAL_HASHED, HashAlgorithm.SHA_256, 4096))
        .register("erin", "x");
    Files.copy(data.resolve("vault%2eexample%2eorg/accounts/erin.dat"), auth.resolve("erin.dat"));
    chownTree(data);
    Path rootOwned = Files.createDirectory(data.resolve("auth%2eexample%2eorg/roster"));
    Files.setPosixFilePermissions(rootOwned, PosixFilePermissions.fromString("rwx------"));

    Map<Problem, List<String>> found = byProblem(check(), data);

    assertEquals(List.of("recorder%2eexample%2eorg/accounts/hashed.dat"), found.get(Problem.HASHED_ON_PLAIN_HOST));
    assertEquals(List.of("auth%2eexample%2eorg/accounts/plain.dat"), found.get(Problem.PLAIN_ON_HASHED_HOST));
    assertEquals(List.of("auth%2eexample%2eorg/accounts/Upper.dat"), found.get(Problem.UNLOADABLE_NAME));
    assertEquals(List.of("auth%2eexample%2eorg/accounts/broken.dat"), found.get(Problem.CORRUPT_RECORD));
    assertEquals(List.of("auth%2eexample%2eorg/accounts/jvb.dat~0123abcd"), found.get(Problem.TEMPORARY_FILE));
    assertEquals(List.of("auth%2eexample%2eorg/accounts/jvb.dat"), found.get(Problem.READABLE_BY_OTHERS));
    assertEquals(List.of("auth%2eexample%2eorg/accounts/erin.dat"), found.get(Problem.UNUSABLE_RECORD));
    assertEquals(List.of("vault%2eexample%2eorg/accounts"), found.get(Problem.UNDECLARED_HOST));
    assertEquals(List.of("auth%2eexample%2eorg/roster"), found.get(Problem.NOT_WRITABLE));
    assertEquals(null, found.get(Problem.ROOT_OWNED), "one finding per entry");
  }

  @Test
  void rootOwnedReadableFileIsReported() throws Exception {
    writeAccounts();
    Path file = data.resolve("auth%2eexample%2eorg/accounts/jvb.dat");
    Files.setAttribute(file, "unix:uid", 0);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

    Map<Problem, List<String>> found = byProblem(check(), data);

    assertEquals(List.of("auth%2eexample%2eorg/accounts/jvb.dat"), found.get(Problem.ROOT_OWNED));
  }

  @Test
  void linksAndFifosAreReported() throws Exception {
    writeAccounts();
    Path accounts = data.resolve("auth%2eexample%2eorg/accounts");
    Files.createSymbolicLink(accounts.resolve("link.dat"), Path.of("/etc/hostname"));
    Files.createSymbolicLink(data.resolve("linked%2ehost"), data.resolve("auth%2eexample%2eorg"));
    Process mkfifo = new ProcessBuilder("mkfifo", accounts.resolve("fifo.dat").toString()).start();
    assertEquals(0, mkfifo.waitFor());

    Map<Problem, List<String>> found = byProblem(check(), data);

    assertEquals(List.of("auth%2eexample%2eorg/accounts/link.dat", "linked%2ehost"), found.get(Problem.LINK));
    assertEquals(List.of("auth%2eexample%2eorg/accounts/fifo.dat"), found.get(Problem.SPECIAL_FILE));
  }

  @Test
  void findingsNameTheFix() throws Exception {
    writeAccounts();
    Path file = data.resolve("auth%2eexample%2eorg/accounts/jvb.dat");
    Files.setAttribute(file, "unix:uid", 0);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    List<Finding> findings = check();

    Finding unreadable = findings.stream().filter(f -> f.problem() == Problem.UNREADABLE).findFirst().orElseThrow();
    assertTrue(unreadable.detail().contains("prosody (uid 4242) cannot read it (owner root, mode 0600)"), unreadable.detail());
    assertEquals(
        "chown -h prosody:prosody '" + file + "' && runuser -u prosody -- chmod 0640 '" + file + "'", unreadable.fix());
  }
}
