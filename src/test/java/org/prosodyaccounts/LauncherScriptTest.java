package org.prosodyaccounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/prosody-accounts} in a copy of a source tree: it rebuilds the jar under target/ when a
 * source file or pom.xml is newer, and never a jar given by PROSODY_ACCOUNTS_JAR or under lib/.
 * Fake {@code java} and {@code mvn} commands record what the script runs, so no build happens. One
 * test runs the real Maven instead, on a pom that builds nothing.
 */
class LauncherScriptTest {

  private static final String REBUILDING =
      "prosody-accounts: the sources changed since the jar was built: rebuilding it (mvn package)\n";
  private static final Instant BUILT = Instant.parse("2024-01-01T12:00:00Z");

  @TempDir Path root;
  private Path tree;
  private Path tools;
  private Path jar;
  private Path source;
  private Path mvnLog;

  private record Result(int exitCode, String out, String err) {}

  @BeforeEach
  void createSourceTree() throws IOException {
    tree = Files.createDirectories(root.resolve("tree"));
    Files.createDirectories(tree.resolve("bin"));
    Files.copy(Path.of("bin/prosody-accounts"), tree.resolve("bin/prosody-accounts"));
    Files.writeString(tree.resolve("pom.xml"), "<project/>\n");
    source = Files.createDirectories(tree.resolve("src/main/java")).resolve("Main.java");
    Files.writeString(source, "class Main {}\n");
    jar = Files.createDirectories(tree.resolve("target")).resolve("prosody-accounts-1.0-all.jar");
    Files.writeString(jar, "jar\n");
    mvnLog = root.resolve("mvn.log");

    // Only the tools the script needs with class data sharing off, so that the real mvn and java
    // of the machine stay out of reach.
    tools = Files.createDirectories(root.resolve("tools"));
    for (String tool : List.of("readlink", "dirname", "find", "touch")) {
      Files.createSymbolicLink(tools.resolve(tool), Path.of("/usr/bin", tool).toRealPath());
    }
    script(tools.resolve("java"), "#!/bin/sh\necho \"java $*\"\n");
    setTimes(
        BUILT.minusSeconds(100),
        tree.resolve("pom.xml"),
        source,
        source.getParent(),
        tree.resolve("src/main"),
        tree.resolve("src"));
    setTimes(BUILT, jar);
  }

  private static void script(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /**
   * Installs a fake mvn that logs its MAVEN_OPTS and arguments and writes the jar anew, as mvn
   * package does.
   */
  private void installMvn() throws IOException {
    script(
        tools.resolve("mvn"),
        "#!/bin/sh\necho \"MAVEN_OPTS=$MAVEN_OPTS mvn $*\" >>'" + mvnLog + "'\ntouch '" + jar + "'\n");
  }

  /** Returns the log line of the fake mvn for the build that the script runs. */
  private String mvnPackage(String mavenOptions) {
    return "MAVEN_OPTS=" + mavenOptions + " mvn -B -q -f " + tree.resolve("pom.xml") + " package -DskipTests\n";
  }

  private static void setTimes(Instant time, Path... files) throws IOException {
    for (Path file : files) {
      Files.setLastModifiedTime(file, FileTime.from(time));
    }
  }

  private Result run(Map<String, String> variables) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(tree.resolve("bin/prosody-accounts").toString(), "--version");
    builder.environment().clear();
    builder.environment().put("PATH", tools.toString());
    builder.environment().put("PROSODY_ACCOUNTS_CDS", "0");
    builder.environment().put("PROSODY_ACCOUNTS_CACHE", root.resolve("cache").toString());
    builder.environment().putAll(variables);
    Process process = builder.start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the script timed out");
    return new Result(process.exitValue(), out, err);
  }

  private String mvnCalls() throws IOException {
    return Files.exists(mvnLog) ? Files.readString(mvnLog) : "";
  }

  @Test
  void freshJarRunsWithoutBuild() throws Exception {
    installMvn();

    Result result = run(Map.of());

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("", result.err());
    assertTrue(result.out().contains("-jar " + jar + " --version"), result.toString());
    assertEquals("", mvnCalls());
  }

  @Test
  void newerSourceRebuildsJar() throws Exception {
    installMvn();
    setTimes(BUILT.plusSeconds(100), source);

    Result first = run(Map.of());
    Result second = run(Map.of());

    assertEquals(0, first.exitCode(), first.toString());
    assertEquals(REBUILDING, first.err());
    assertTrue(first.out().contains("-jar " + jar + " --version"), first.toString());
    assertEquals("", second.err(), "the rebuilt jar was rebuilt again");
    assertEquals(mvnPackage("-Djansi.noreset=true"), mvnCalls());
  }

  @Test
  void missingJarIsBuiltOnce() throws Exception {
    installMvn();
    Files.delete(jar);

    Result first = run(Map.of());
    Result second = run(Map.of());

    assertEquals(0, first.exitCode(), first.toString());
    assertEquals("prosody-accounts: building the jar first (mvn package), once\n", first.err());
    assertTrue(first.out().contains("-jar " + jar + " --version"), first.toString());
    assertEquals("", second.err(), "the built jar was built again");
    assertEquals(mvnPackage("-Djansi.noreset=true"), mvnCalls());
  }

  /**
   * Runs the real Maven of this machine for the rebuild, on a pom with no plugins to run: the
   * script's standard error must carry its own line and nothing from Maven, such as the color
   * reset codes of Maven 3.8.7.
   */
  @Test
  void realMavenRebuildPrintsNoColorCodes() throws Exception {
    Optional<Path> maven = executableOnPath("mvn");
    assumeTrue(maven.isPresent(), "mvn is not on PATH");
    Files.writeString(
        tree.resolve("pom.xml"),
        "<project><modelVersion>4.0.0</modelVersion><groupId>test</groupId><artifactId>launcher</artifactId>"
            + "<version>1</version><packaging>pom</packaging></project>\n");
    setTimes(BUILT.minusSeconds(100), tree.resolve("pom.xml"));
    script(
        tools.resolve("mvn"),
        "#!/bin/sh\nPATH=/usr/bin:/bin '" + maven.get() + "' -o \"$@\" || exit\ntouch '" + jar + "'\n");
    setTimes(BUILT.plusSeconds(100), source);

    Result result = run(Map.of());

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals(REBUILDING, result.err());
    assertTrue(result.out().contains("-jar " + jar + " --version"), result.toString());
  }

  private static Optional<Path> executableOnPath(String name) {
    for (String folder : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(folder.isEmpty() ? "." : folder, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate.toAbsolutePath());
      }
    }
    return Optional.empty();
  }

  @Test
  void rebuildKeepsMavenOptions() throws Exception {
    installMvn();
    setTimes(BUILT.plusSeconds(100), source);

    Result result = run(Map.of("MAVEN_OPTS", "-Xmx512m"));

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals(mvnPackage("-Xmx512m -Djansi.noreset=true"), mvnCalls());
  }

  @Test
  void newerPomRebuildsJar() throws Exception {
    installMvn();
    setTimes(BUILT.plusSeconds(100), tree.resolve("pom.xml"));

    Result result = run(Map.of());

    assertEquals(REBUILDING, result.err());
    assertEquals(1, mvnCalls().lines().count());
  }

  @Test
  void jarFromEnvironmentIsNeverRebuilt() throws Exception {
    installMvn();
    setTimes(BUILT.plusSeconds(100), source);

    Result result = run(Map.of("PROSODY_ACCOUNTS_JAR", jar.toString()));

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("", result.err());
    assertEquals("", mvnCalls());
  }

  @Test
  void installedJarIsNeverRebuilt() throws Exception {
    installMvn();
    Path installed = Files.createDirectories(tree.resolve("lib")).resolve("prosody-accounts.jar");
    Files.move(jar, installed);
    setTimes(BUILT, installed);
    setTimes(BUILT.plusSeconds(100), source);

    Result result = run(Map.of());

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("", result.err());
    assertTrue(result.out().contains("-jar " + installed + " --version"), result.toString());
    assertEquals("", mvnCalls());
  }

  @Test
  void staleJarWithoutMavenRunsWithWarning() throws Exception {
    setTimes(BUILT.plusSeconds(100), source);

    Result result = run(Map.of());

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals(
        "prosody-accounts: warning: the sources changed since " + jar + " was built, but mvn is not installed to"
            + " rebuild it: running the old jar\n",
        result.err());
    assertTrue(result.out().contains("-jar " + jar + " --version"), result.toString());
  }
}
