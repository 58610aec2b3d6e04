package org.prosodyaccounts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.prosodyaccounts.reliability.TreeSnapshot;

/**
 * {@code --dry-run} on every writing command: the data directory stays the same byte for byte and
 * mode for mode, and the run reports what the real run that follows does.
 */
class DryRunCliTest {

  private static final String AUTH = "auth.example.org";
  private static final String SECRET = "Secret-Pass-4711";
  private static final String OTHER_SECRET = "Other-Pass-0815";

  @TempDir Path root;

  private static CliRun run(Path data, String stdin, List<String> args, String... extra) {
    String[] full =
        Stream.of(List.of("--data-path", data.toString()), args, List.of(extra))
            .flatMap(List::stream)
            .toArray(String[]::new);
    CliEnvironment environment =
        new CliEnvironment(
            Map.of("APPLY_SECRET", OTHER_SECRET),
            CliRun.ENVIRONMENT.prosodyVersionFile(),
            CliRun.ENVIRONMENT.defaultConfigFile());
    return CliRun.run(environment, stdin, full);
  }

  /** Creates a data directory with accounts jvb, focus (with a roster entry) and off (disabled). */
  private Path dataDirectory(String name) throws IOException {
    Path data = Files.createDirectory(root.resolve(name));
    for (List<String> setup :
        List.of(
            List.of("register", "jvb", AUTH, SECRET),
            List.of("register", "focus", AUTH, SECRET),
            List.of("register", "off", AUTH, SECRET),
            List.of("disable", "off@" + AUTH),
            List.of("roster", "subscribe", "focus." + AUTH, "focus@" + AUTH))) {
      CliRun run = run(data, "", setup);
      assertEquals(0, run.exitCode, run.toString());
    }
    return data;
  }

  static Stream<Arguments> writingCommands() {
    String twice = OTHER_SECRET + "\n" + OTHER_SECRET + "\n";
    String importLines = "jvb@" + AUTH + "\t" + SECRET + "\nnew@" + AUTH + "\t" + SECRET + "\n";
    String manifest =
        "{\"hosts\": [{\"host\": \"" + AUTH + "\", \"prune\": true, \"accounts\": [{\"user\": \"jvb\", \"password\": {\"env\":"
            + " \"APPLY_SECRET\"}, \"role\": \"prosody:admin\"}, {\"user\": \"new\", \"password\": {\"env\": \"APPLY_SECRET\"}}]}],"
            + " \"rosters\": [{\"user\": \"new." + AUTH + "\", \"contact\": \"new@" + AUTH + "\"}]}";
    return Stream.of(
        Arguments.of(ExitCode.OK, "", List.of("register", "new", AUTH, SECRET)),
        Arguments.of(ExitCode.OK, "", List.of("register", "jvb", AUTH, OTHER_SECRET)),
        Arguments.of(ExitCode.OK, "", List.of("register", "jvb", "new.example.org", SECRET)),
        Arguments.of(ExitCode.OK, "", List.of("unregister", "focus", AUTH)),
        Arguments.of(ExitCode.OK, twice, List.of("adduser", "new@" + AUTH)),
        Arguments.of(ExitCode.FAILURE, twice, List.of("adduser", "jvb@" + AUTH)),
        Arguments.of(ExitCode.OK, twice, List.of("passwd", "jvb@" + AUTH)),
        Arguments.of(ExitCode.OK, "", List.of("deluser", "focus@" + AUTH)),
        Arguments.of(ExitCode.OK, "", List.of("ensure", "new", AUTH, SECRET)),
        Arguments.of(ExitCode.OK, "", List.of("ensure", "jvb", AUTH, SECRET)),
        Arguments.of(ExitCode.OK, "", List.of("ensure", "jvb", AUTH, OTHER_SECRET)),
        Arguments.of(ExitCode.OK, "", List.of("disable", "jvb@" + AUTH)),
        Arguments.of(ExitCode.OK, "", List.of("enable", "off@" + AUTH)),
        Arguments.of(ExitCode.OK, "", List.of("role", "jvb@" + AUTH, "prosody:admin")),
        Arguments.of(ExitCode.OK, "", List.of("roster", "subscribe", "jvb." + AUTH, "jvb@" + AUTH)),
        Arguments.of(ExitCode.OK, importLines, List.of("import", "--ensure", "-")),
        Arguments.of(ExitCode.OK, manifest, List.of("apply", "-")));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("writingCommands")
  void dryRunWritesNothingAndReportsTheRealRun(int exitCode, String stdin, List<String> command) throws IOException {
    Path data = dataDirectory("data");
    Path copy = dataDirectory("copy");
    Map<String, String> before = TreeSnapshot.of(root);

    CliRun dryText = run(data, stdin, command, "--dry-run");
    CliRun dryJson = run(data, stdin, command, "--dry-run", "--json");
    Map<String, String> after = TreeSnapshot.of(root);
    CliRun realText = run(copy, stdin, command);
    CliRun realJson = run(data, stdin, command, "--json");

    assertEquals(before, after, "the dry run changed the data directory");
    assertEquals(exitCode, realText.exitCode, realText.toString());
    assertEquals(realText.exitCode, dryText.exitCode, dryText.toString());
    if (command.get(0).equals("import")) {
      // import prints the lines of its entries in the order the writes finish.
      assertEquals(realText.out.lines().sorted().toList(), dryText.out.lines().sorted().toList(), dryText.toString());
    } else {
      assertEquals(realText.out, dryText.out, dryText.toString());
    }
    assertTrue(dryText.err.endsWith(CliRun.PROGRAM + ": dry run: nothing was written\n"), dryText.toString());
    assertFalse(realText.err.contains("dry run"), realText.toString());

    JsonNode dry = JsonDocuments.parse(dryJson, SECRET, OTHER_SECRET);
    JsonNode real = JsonDocuments.parse(realJson, SECRET, OTHER_SECRET);
    assertTrue(dry.get("dry_run").booleanValue());
    assertFalse(real.get("dry_run").booleanValue());
    assertEquals(real.get("exit_code"), dry.get("exit_code"));
    assertEquals(real.get("result"), dry.get("result"));
    assertEquals(real.get("error"), dry.get("error"));
    assertFalse(dryJson.err.contains("dry run"), dryJson.toString());
  }

  static Stream<Arguments> prosodyctlCommands() {
    String twice = OTHER_SECRET + "\n" + OTHER_SECRET + "\n";
    return Stream.of(
        Arguments.of("", List.of("register", "new", AUTH, SECRET), List.of("would create new@" + AUTH)),
        Arguments.of("", List.of("register", "jvb", AUTH, SECRET), List.of("would replace the record of jvb@" + AUTH)),
        Arguments.of(twice, List.of("adduser", "new@" + AUTH), List.of("would create new@" + AUTH)),
        Arguments.of(twice, List.of("passwd", "jvb@" + AUTH), List.of("would change the password of jvb@" + AUTH)),
        Arguments.of(
            "",
            List.of("unregister", "focus", AUTH),
            List.of("would delete {data}/auth%2eexample%2eorg/accounts/focus.dat",
                "would delete {data}/auth%2eexample%2eorg/roster/focus.dat")),
        Arguments.of(
            "",
            List.of("deluser", "focus@" + AUTH),
            List.of("would delete {data}/auth%2eexample%2eorg/accounts/focus.dat",
                "would delete {data}/auth%2eexample%2eorg/roster/focus.dat")));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("prosodyctlCommands")
  void prosodyctlDryRunListsChanges(String stdin, List<String> command, List<String> changes)
      throws IOException {
    Path data = dataDirectory("data");

    CliRun dry = run(data, stdin, command, "--dry-run");

    assertEquals(0, dry.exitCode, dry.toString());
    StringBuilder expected = new StringBuilder();
    for (String change : changes) {
      expected.append(CliRun.PROGRAM).append(": dry run: ").append(change.replace("{data}", data.toString())).append('\n');
    }
    expected.append(CliRun.PROGRAM).append(": dry run: nothing was written\n");
    assertTrue(dry.err.endsWith(expected.toString()), dry.toString());
  }

  @Test
  void failedDryRunDescribesNoChange() throws IOException {
    Path data = dataDirectory("data");

    CliRun dry = run(data, OTHER_SECRET + "\n" + OTHER_SECRET + "\n", List.of("adduser", "jvb@" + AUTH), "--dry-run");

    assertEquals(ExitCode.FAILURE, dry.exitCode, dry.toString());
    assertEquals(CliRun.PROGRAM + ": dry run: nothing was written\n", dry.err);
  }

  @Test
  void readingCommandJustRuns() throws IOException {
    Path data = dataDirectory("data");

    CliRun dry = run(data, "", List.of("list", AUTH), "--dry-run");
    CliRun real = run(data, "", List.of("list", AUTH));

    assertEquals(0, dry.exitCode, dry.toString());
    assertEquals(real.out, dry.out);
    assertEquals("", dry.err);
  }

  @Test
  void dryRunReportsACheckFailure() throws IOException {
    Path data = dataDirectory("data");
    Path host = Files.createDirectory(data.resolve("bad%2eexample%2eorg"));
    Files.writeString(host.resolve("accounts"), "not a folder");
    Map<String, String> before = TreeSnapshot.of(data);

    CliRun dry = run(data, "", List.of("ensure", "new", "bad.example.org", SECRET), "--dry-run", "--json");
    Map<String, String> after = TreeSnapshot.of(data);
    CliRun real = run(data, "", List.of("ensure", "new", "bad.example.org", SECRET), "--json");

    assertEquals(before, after, "the dry run changed the data directory");
    assertEquals(ExitCode.IO_ERROR, real.exitCode, real.toString());
    assertEquals(real.exitCode, dry.exitCode, dry.toString());
    assertEquals("io_error", JsonDocuments.errorCode(JsonDocuments.parse(dry, SECRET)));
  }
}
