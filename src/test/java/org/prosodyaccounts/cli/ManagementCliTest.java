package org.prosodyaccounts.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

/** The commands prosodyctl lacks: ensure, exists, show, disable, enable, role and roster. */
class ManagementCliTest {

  private static final String AUTH = "auth.meet.example.org";

  @TempDir Path data;

  private CliRun run(String stdin, String... args) {
    return run(Map.of(), stdin, args);
  }

  private CliRun run(Map<String, String> variables, String stdin, String... args) {
    String[] full = Stream.concat(Stream.of("--data-path", data.toString()), Stream.of(args)).toArray(String[]::new);
    CliEnvironment environment =
        new CliEnvironment(variables, CliRun.ENVIRONMENT.prosodyVersionFile(), CliRun.ENVIRONMENT.defaultConfigFile());
    return CliRun.run(environment, stdin, full);
  }

  private Path file(String user) {
    return data.resolve("auth%2emeet%2eexample%2eorg/accounts/" + user + ".dat");
  }

  @Test
  void ensureReportsCreatedUnchangedUpdated() throws IOException {
    CliRun created = run("", "ensure", "jvb", AUTH, "one");
    byte[] before = Files.readAllBytes(file("jvb"));
    CliRun unchanged = run("", "ensure", "jvb", AUTH, "one");
    byte[] after = Files.readAllBytes(file("jvb"));
    CliRun updated = run("", "ensure", "jvb", AUTH, "two");

    assertEquals("created\n", created.out, created.toString());
    assertEquals("unchanged\n", unchanged.out, unchanged.toString());
    assertArrayEquals(before, after);
    assertEquals("updated\n", updated.out, updated.toString());
    assertTrue(updated.err.contains("jvb@auth.meet.example.org is a Jitsi service account"), updated.err);
    assertEquals(0, run("two\n", "verify", "jvb@" + AUTH).exitCode);
  }

  @Test
  void passwordOptionsReadOneLine() throws IOException {
    Path secret = Files.writeString(data.resolveSibling(data.getFileName() + "-secret"), "from-file\n");
    try {
      assertEquals("created\n", run("from-stdin\n", "--password-stdin", "ensure", "a", AUTH).out);
      assertEquals("created\n", run("", "--password-file", secret.toString(), "ensure", "b", AUTH).out);
      assertEquals("created\n", run(Map.of("JVB_SECRET", "from-env"), "", "--password-env", "JVB_SECRET", "ensure", "c", AUTH).out);
      assertEquals(0, run("", "--password-file", secret.toString(), "verify", "b@" + AUTH).exitCode);
    } finally {
      Files.delete(secret);
    }
    assertEquals(0, run("from-stdin\n", "verify", "a@" + AUTH).exitCode);
    assertEquals(0, run("from-env\n", "verify", "c@" + AUTH).exitCode);
  }

  @Test
  void passwordOptionsRejectBadInput() {
    CliRun twoLines = run("one\ntwo\n", "--password-stdin", "ensure", "a", AUTH);
    CliRun twoOptions = run("x\n", "--password-stdin", "--password-env", "X", "ensure", "a", AUTH);
    CliRun unset = run("", "--password-env", "NOPE", "ensure", "a", AUTH);
    CliRun both = run("x\n", "--password-stdin", "register", "a", AUTH, "y");

    assertEquals(2, twoLines.exitCode, twoLines.toString());
    assertTrue(twoLines.err.contains("more than one line"), twoLines.err);
    assertEquals(2, twoOptions.exitCode, twoOptions.toString());
    assertEquals(2, unset.exitCode, unset.toString());
    assertTrue(unset.err.contains("NOPE is not set"), unset.err);
    assertEquals(2, both.exitCode, both.toString());
    assertFalse(Files.exists(file("a")));
  }

  @Test
  void adduserTakesPasswordFromOption() {
    CliRun run = run("only-once\n", "--password-stdin", "adduser", "dave@" + AUTH);

    assertEquals(0, run.exitCode, run.toString());
    assertEquals("", run.out);
    assertEquals(0, run("only-once\n", "verify", "dave@" + AUTH).exitCode);
  }

  @Test
  void existsUsesExitCodesOnly() {
    run("", "register", "jvb", AUTH, "x");

    CliRun present = run("", "exists", "jvb@" + AUTH);
    CliRun missing = run("", "exists", "ghost@" + AUTH);

    assertEquals(0, present.exitCode);
    assertEquals("", present.out);
    assertEquals(3, missing.exitCode);
    assertEquals("", missing.out);
  }

  @Test
  void showPrintsRecordWithoutSecrets() throws IOException {
    run("", "--prosody-version", "13", "register", "jvb", AUTH, "topsecret");
    String record = Files.readString(file("jvb"));

    CliRun show = run("", "show", "jvb@" + AUTH);

    assertEquals(0, show.exitCode, show.toString());
    assertTrue(show.out.contains("record: hashed\nhash: SHA-1\niteration_count: 10000\n"), show.out);
    assertTrue(show.out.contains("disabled: false\nrole: prosody:registered\n"), show.out);
    assertTrue(show.out.contains("created: "), show.out);
    for (String secretField : new String[] {"salt", "stored_key", "server_key"}) {
      String value = record.replaceAll("(?s).*\\[\"" + secretField + "\"] = \"([^\"]+)\".*", "$1");
      assertFalse(show.out.contains(value), secretField + " shown: " + show.out);
    }
    assertFalse(show.out.contains("topsecret"));
  }

  @Test
  void disableEnableAndVerify() {
    run("", "register", "zed", AUTH, "pw");

    assertEquals("disabled\n", run("", "disable", "zed@" + AUTH).out);
    assertEquals("unchanged\n", run("", "disable", "zed@" + AUTH).out);
    assertEquals(4, run("pw\n", "verify", "zed@" + AUTH).exitCode);
    assertEquals("enabled\n", run("", "enable", "zed@" + AUTH).out);
    assertEquals(0, run("pw\n", "verify", "zed@" + AUTH).exitCode);
    assertEquals(3, run("", "disable", "ghost@" + AUTH).exitCode);
  }

  @Test
  void roleShowsAndSets() {
    run("", "register", "alice", AUTH, "pw");

    assertEquals("prosody:registered\n", run("", "role", "alice@" + AUTH).out);
    assertEquals("changed\n", run("", "role", "alice@" + AUTH, "prosody:admin").out);
    assertEquals("prosody:admin\n", run("", "role", "alice@" + AUTH).out);
    assertEquals("unchanged\n", run("", "role", "alice@" + AUTH, "prosody:admin").out);
  }

  @Test
  void rosterShowOfMissingAccountFails() {
    CliRun text = run("", "roster", "show", "ghost@" + AUTH);
    CliRun json = run("", "--json", "roster", "show", "ghost@" + AUTH);

    assertEquals(ExitCode.NO_SUCH_ACCOUNT, text.exitCode, text.toString());
    assertEquals("", text.out);
    assertEquals(
        CliRun.PROGRAM + ": account ghost@" + AUTH + " does not exist, so it has no roster: check the JID, or create"
            + " the account first\n",
        text.err);
    assertEquals(ExitCode.NO_SUCH_ACCOUNT, json.exitCode, json.toString());
    assertEquals("no_such_account", JsonDocuments.errorCode(JsonDocuments.parse(json)));
  }

  @Test
  void rosterShowOfAccountWithoutRosterIsEmpty() {
    run("", "register", "jvb", AUTH, "x");

    CliRun text = run("", "roster", "show", "jvb@" + AUTH);
    CliRun json = run("", "--json", "roster", "show", "jvb@" + AUTH);

    assertEquals(0, text.exitCode, text.toString());
    assertEquals("", text.out);
    assertEquals("", text.err);
    assertEquals(0, json.exitCode, json.toString());
    assertEquals(0, JsonDocuments.parse(json).get("result").get("contacts").size(), json.toString());
  }

  @Test
  void rosterSubscribeIsIdempotentAndNeedsAccount() throws IOException {
    CliRun missing = run("", "roster", "subscribe", "focus.meet.example.org", "focus@" + AUTH);
    run("", "register", "focus", AUTH, "pw");
    CliRun first = run("", "roster", "subscribe", "focus.meet.example.org", "focus@" + AUTH);
    Path roster = data.resolve("auth%2emeet%2eexample%2eorg/roster/focus.dat");
    byte[] before = Files.readAllBytes(roster);
    CliRun second = run("", "roster", "subscribe", "focus.meet.example.org", "focus@" + AUTH);
    CliRun show = run("", "roster", "show", "focus@" + AUTH);

    assertEquals(3, missing.exitCode, missing.toString());
    assertTrue(missing.err.contains("create it first"), missing.err);
    assertEquals("changed focus@auth.meet.example.org\n", first.out, first.toString());
    assertTrue(first.err.contains("caches rosters"), first.err);
    assertEquals("unchanged\n", second.out);
    assertArrayEquals(before, Files.readAllBytes(roster));
    assertEquals("focus.meet.example.org from\n", show.out);
  }

  @Test
  void passwdOfJitsiAccountReminds() {
    run("", "register", "jvb", AUTH, "one");

    CliRun run = run("two\ntwo\n", "passwd", "jvb@" + AUTH);

    assertEquals(0, run.exitCode, run.toString());
    assertTrue(run.err.contains("the same secret must be in the videobridge's"), run.err);
  }

  static Stream<Arguments> helpRequests() {
    return Stream.of("ensure", "exists", "show", "disable", "enable", "role", "roster")
        .flatMap(command -> Stream.of(Arguments.of(command, "--help"), Arguments.of(command, "-h")));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("helpRequests")
  void commandHelpGoesToStandardOutput(String command, String help) throws IOException {
    CliRun text = run("", command, help);
    CliRun json = run("", "--json", command, help);
    JsonNode document = JsonDocuments.parse(json);

    assertEquals(0, text.exitCode, text.toString());
    assertTrue(text.out.startsWith("Usage: " + CliRun.PROGRAM + " " + command + " "), text.toString());
    assertEquals("", text.err);
    assertEquals(0, json.exitCode, json.toString());
    assertTrue(document.get("ok").asBoolean(), document.toString());
    assertEquals(text.out.strip(), document.get("result").get("usage").asText());
    assertEquals("", json.err);
    try (Stream<Path> files = Files.list(data)) {
      assertEquals(0, files.count(), "help writes nothing");
    }
  }

  static Stream<Arguments> wrongArgumentCounts() {
    return Stream.of(
        Arguments.of(List.of("ensure", "jvb")),
        Arguments.of(List.of("ensure", "jvb", AUTH, "one", "two")),
        Arguments.of(List.of("exists")),
        Arguments.of(List.of("show", "jvb@" + AUTH, "extra")),
        Arguments.of(List.of("disable")),
        Arguments.of(List.of("enable", "--help", "extra")),
        Arguments.of(List.of("role", "--help", "prosody:admin")),
        Arguments.of(List.of("role", "jvb@" + AUTH, "prosody:admin", "extra")),
        Arguments.of(List.of("roster", "show")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrongArgumentCounts")
  void wrongArgumentCountIsUsageError(List<String> commandLine) {
    CliRun text = run("", commandLine.toArray(String[]::new));
    CliRun json = run("", Stream.concat(Stream.of("--json"), commandLine.stream()).toArray(String[]::new));
    JsonNode document = JsonDocuments.parse(json);

    assertEquals(2, text.exitCode, text.toString());
    assertEquals("", text.out);
    assertTrue(text.err.startsWith("Usage: " + CliRun.PROGRAM + " " + commandLine.get(0) + " "), text.toString());
    assertEquals(2, json.exitCode, json.toString());
    assertEquals("usage", JsonDocuments.errorCode(document));
    assertFalse(document.has("result"), document.toString());
  }
}
