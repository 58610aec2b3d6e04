package org.prosodyaccounts.cli;

import static java.util.stream.Collectors.joining;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

    // The lines of the entries come in the order the writes finish.
    assertEquals(0, first.exitCode, first.toString());
    assertEquals(
        List.of("created focus@auth.meet.example.org (line 2)", "created jvb@auth.meet.example.org (line 1)"),
        first.out.lines().limit(2).sorted().toList());
    assertEquals("2 accounts: 2 created, 0 updated, 0 unchanged", first.out.lines().skip(2).collect(joining("\n")));
    assertEquals(0, second.exitCode, second.toString());
    assertEquals(
        List.of("unchanged jvb@auth.meet.example.org (line 1)", "updated focus@auth.meet.example.org (line 2)"),
        second.out.lines().limit(2).sorted().toList());
    assertEquals("2 accounts: 0 created, 1 updated, 1 unchanged", second.out.lines().skip(2).collect(joining("\n")));
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
  void eachLineFlushedWhenWritten() throws IOException {
    Path second = data.resolve("auth%2emeet%2eexample%2eorg/accounts/focus.dat");
    // One thread writes the entries in input order, so the second is not written at the first flush.
    String threads = System.setProperty("prosody.accounts.threads", "1");
    CliRun.Flushes flushes;
    try {
      flushes =
          CliRun.recordFlushes(
              "jvb@" + AUTH + "\tone\nfocus@" + AUTH + "\ttwo\n",
              text -> !text.isEmpty() && !text.contains("accounts: "),
              () -> Files.exists(second) ? "second written" : "second not written",
              "--data-path", data.toString(), "--iterations", "4096", "import", "-");
    } finally {
      if (threads == null) {
        System.clearProperty("prosody.accounts.threads");
      } else {
        System.setProperty("prosody.accounts.threads", threads);
      }
    }

    assertEquals(ExitCode.OK, flushes.exitCode());
    assertEquals(
        List.of("created jvb@" + AUTH + " (line 1)\nsecond not written",
            "created jvb@" + AUTH + " (line 1)\ncreated focus@" + AUTH + " (line 2)\nsecond written"),
        flushes.texts());
  }

  @Test
  void everyInvalidLineReportedInOneRun() {
    String input = "{\"jid\": \"jvb@" + AUTH + "\", \"password\": \"ok\"}\n"
        + "{\"jid\": \"bad@@ex.org\", \"password\": \"ok\"}\n"
        + "not json\n"
        + "{\"jid\": \"focus@" + AUTH + "\", \"password\": \"a\\tb\"}\n";

    CliRun text = run(input, "import", "-");
    CliRun json = run(input, "--json", "import", "-");

    assertEquals(ExitCode.USAGE, text.exitCode, text.toString());
    List<String> problems = text.err.lines().filter(line -> line.startsWith(CliRun.PROGRAM + ": line ")).toList();
    assertEquals(3, problems.size(), text.err);
    assertTrue(problems.get(0).startsWith(CliRun.PROGRAM + ": line 2: Invalid JID \"bad@@ex.org\""), text.err);
    assertEquals(CliRun.PROGRAM + ": line 3: invalid JSON at column 1", problems.get(1));
    assertEquals(CliRun.PROGRAM + ": line 4: the password fails SASLprep, so Prosody could never check it at login:"
        + " it contains a tab (U+0009) at character 2", problems.get(2));
    assertEquals(ExitCode.USAGE, json.exitCode, json.toString());
    JsonNode document = JsonDocuments.parse(json);
    assertEquals(3, document.path("result").path("problems").size(), json.toString());
    assertEquals(4, document.path("result").path("problems").get(2).path("line").asInt(), json.toString());
    assertTrue(Files.notExists(data.resolve("auth%2emeet%2eexample%2eorg")));
  }

  @Test
  void passwordEndingInCarriageReturnExplained() {
    CliRun run = run("{\"jid\": \"jvb@" + AUTH + "\", \"password\": \"abc\\r\"}\n", "import", "-");

    assertEquals(ExitCode.FAILURE, run.exitCode, run.toString());
    assertTrue(run.err.contains(": line 1: the password fails SASLprep, so Prosody could never check it at login:"
        + " it contains a carriage return (U+000D) at character 4, its last character. The password ends in a"
        + " carriage return, which a Windows line ending (CRLF) leaves behind: remove it\n"), run.err);
    assertFalse(run.err.contains("abc"), run.err);
  }

  @Test
  void newHostNotedOncePerHost() throws IOException {
    Files.createDirectories(data.resolve("auth%2emeet%2eexample%2eorg/accounts"));
    String input = "jvb@" + AUTH + "\tjvb-secret\na@new.example.org\tx\nb@new.example.org\ty\n";
    String note = "note: " + data.resolve("new%2eexample%2eorg") + " does not exist yet, so host new.example.org"
        + " is new in this data directory: check its spelling";

    CliRun json = run(input, "--json", "--dry-run", "import", "-");
    CliRun text = run(input, "import", "-");
    CliRun again = run(input, "import", "-");

    assertEquals(0, text.exitCode, text.toString());
    assertEquals(List.of(CliRun.PROGRAM + ": " + note), text.err.lines().toList());
    assertEquals(0, again.exitCode, again.toString());
    assertEquals("", again.err);
    assertEquals(0, json.exitCode, json.toString());
    JsonNode warnings = JsonDocuments.parse(json).path("warnings");
    assertEquals(1, warnings.size(), json.toString());
    assertEquals(note, warnings.get(0).asText());
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
