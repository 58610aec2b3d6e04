package org.prosodyaccounts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code import} and {@code export} commands, in-process. */
class BulkCliTest {

  private static final String AUTH = "auth.meet.example.org";

  @TempDir Path root;
  private Path data;

  @BeforeEach
  void createDataDirectory() throws IOException {
    data = Files.createDirectory(root.resolve("data"));
  }

  private CliRun run(String stdin, String... args) {
    String[] full =
        Stream.concat(Stream.of("--data-path", data.toString(), "--iterations", "4096"), Stream.of(args)).toArray(String[]::new);
    return CliRun.run(stdin, full);
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> paths = Files.walk(data)) {
      return paths.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void importReportsEachLineAndSummary() {
    String input = "{\"jid\": \"jvb@" + AUTH + "\", \"password\": \"jvb-secret\"}\n"
        + "{\"jid\": \"focus@" + AUTH + "\", \"password\": \"focus-secret\"}\n";

    CliRun first = run(input, "import", "-");
    CliRun second = run(input.replace("focus-secret", "changed"), "import", "--ensure", "-");

    assertEquals(0, first.exitCode, first.toString());
    assertEquals(
        "created jvb@auth.meet.example.org (line 1)\ncreated focus@auth.meet.example.org (line 2)\n"
            + "2 accounts: 2 created, 0 updated, 0 unchanged\n",
        first.out);
    assertEquals(0, second.exitCode, second.toString());
    assertEquals(
        "unchanged jvb@auth.meet.example.org (line 1)\nupdated focus@auth.meet.example.org (line 2)\n"
            + "2 accounts: 0 created, 1 updated, 1 unchanged\n",
        second.out);
    assertEquals(0, run("changed\n", "verify", "focus@" + AUTH).exitCode);
  }

  @Test
  void importReadsTabSeparatedFile() throws IOException {
    Path file = Files.writeString(root.resolve("accounts.tsv"), "jvb@" + AUTH + "\tpass word\n");

    CliRun run = run("", "import", "--format", "tsv", file.toString());

    assertEquals(0, run.exitCode, run.toString());
    assertEquals(0, run("pass word\n", "verify", "jvb@" + AUTH).exitCode);
  }

  @Test
  void invalidLineWritesNothing() throws IOException {
    CliRun syntax = run("jvb@" + AUTH + "\tok\nno tab\n", "import", "-");
    CliRun prep = run("jvb@" + AUTH + "\tok\nbad user@" + AUTH + "\tx\nx@" + AUTH + "\tbell\u0007\n", "import", "-");

    assertEquals(2, syntax.exitCode, syntax.toString());
    assertTrue(syntax.err.contains("line 2: no tab"), syntax.toString());
    assertEquals(1, prep.exitCode, prep.toString());
    assertTrue(prep.err.contains(": line 2: "), prep.toString());
    assertTrue(prep.err.contains(": line 3: the password fails SASLprep"), prep.toString());
    assertTrue(prep.err.contains("nothing was imported"), prep.toString());
    assertEquals("", prep.out);
    assertEquals(List.of(), files());
  }

  @Test
  void importRejectsHostMissingFromConfiguration() throws IOException {
    String config =
        "data_path = \"" + data + "\"\nprosody_user = \"root\"\nprosody_group = \"root\"\n"
            + "VirtualHost \"" + AUTH + "\"\n";
    Path file = Files.writeString(root.resolve("prosody.cfg.lua"), config);

    CliRun run =
        CliRun.run("jvb@" + AUTH + "\tok\njvb@other.example.org\tok\n", "--config", file.toString(), "import", "-");

    assertEquals(1, run.exitCode, run.toString());
    assertTrue(run.err.contains("line 2: host other.example.org: The given hostname does not exist in the config"), run.toString());
    assertEquals(List.of(), files());
  }

  @Test
  void missingImportFileIsUsageError() {
    CliRun run = run("", "import", root.resolve("absent.jsonl").toString());

    assertEquals(2, run.exitCode, run.toString());
    assertTrue(run.err.contains("does not exist"), run.toString());
  }

  @Test
  void exportWithoutSecretsHasNoKeys() {
    run("", "register", "jvb", AUTH, "secret");

    CliRun plain = run("", "export", AUTH);
    CliRun secret = run("", "export", "--with-secrets", AUTH);

    assertEquals(0, plain.exitCode, plain.toString());
    assertEquals("{\"jid\":\"jvb@auth.meet.example.org\",\"kind\":\"hashed\",\"iteration_count\":4096}\n", plain.out);
    assertFalse(plain.out.contains("salt"), plain.out);
    assertTrue(secret.out.matches("\\{.*\"salt\":\"[0-9a-f-]{36}\",\"stored_key\":\"[0-9a-f]{40}\",\"server_key\":\"[0-9a-f]{40}\"}\n"), secret.out);
  }

  @Test
  void exportOfCorruptRecordExitsFive() throws IOException {
    run("", "register", "jvb", AUTH, "secret");
    Files.writeString(data.resolve("auth%2emeet%2eexample%2eorg/accounts/broken.dat"), "return {");

    CliRun run = run("", "export", AUTH);

    assertEquals(5, run.exitCode, run.toString());
    assertTrue(run.out.contains("jvb@"), run.toString());
    assertTrue(run.err.contains("broken.dat"), run.toString());
  }
}
