package org.prosodyaccounts.cli;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prosodyaccounts.reliability.TreeSnapshot;

/**
 * The {@code apply} command in-process, with the Jitsi configuration of the test data: auth is
 * {@code internal_hashed}, recorder {@code internal_plain}, guest {@code anonymous}.
 */
class ApplyCliTest {

  private static final String AUTH = "auth.meet.example.org";
  private static final String ROSTER_NOTE = "note: a running Prosody caches rosters";

  @TempDir Path root;
  private Path config;
  private Path data;
  private Path etc;

  @BeforeEach
  void writeConfiguration() throws IOException {
    etc = Files.createDirectories(root.resolve("etc"));
    Path confD = Files.createDirectories(etc.resolve("conf.d"));
    data = Files.createDirectory(root.resolve("data"));
    String main =
        Files.readString(Path.of("testdata/prosody-0.12/etc/prosody.cfg.lua"))
            .replace("data_path = \"/var/lib/prosody\"", "data_path = \"" + data + "\"")
            + "\nprosody_user = \"root\"\nprosody_group = \"root\"\n";
    config = Files.writeString(etc.resolve("prosody.cfg.lua"), main);
    Files.copy(
        Path.of("testdata/prosody-0.12/etc/conf.d/meet.example.org.cfg.lua"), confD.resolve("meet.example.org.cfg.lua"));
    Path secrets = Files.createDirectory(etc.resolve("secrets"));
    for (String user : new String[] {"focus", "jvb", "jibri", "jigasi", "recorder", "transcriber"}) {
      Files.writeString(secrets.resolve(user), user + "-secret\n");
    }
  }

  private CliRun run(String stdin, String... args) {
    return run(Map.of(), stdin, args);
  }

  private CliRun run(Map<String, String> variables, String stdin, String... args) {
    String[] full =
        Stream.concat(Stream.of("--config", config.toString(), "--iterations", "4096"), Stream.of(args))
            .toArray(String[]::new);
    CliEnvironment environment =
        new CliEnvironment(variables, CliRun.ENVIRONMENT.prosodyVersionFile(), CliRun.ENVIRONMENT.defaultConfigFile());
    return CliRun.run(environment, stdin, full);
  }

  private Path manifest(String json) throws IOException {
    return Files.writeString(etc.resolve("manifest.json"), json);
  }

  @Test
  void jitsiManifestPrintsItemsThenUnchanged() throws IOException {
    Path manifest = Files.copy(Path.of("docs/jitsi-manifest.json"), etc.resolve("jitsi-manifest.json"));

    CliRun first = run("", "apply", manifest.toString());
    Map<String, String> afterFirst = TreeSnapshot.of(data);
    CliRun second = run("", "apply", manifest.toString());

    assertEquals(0, first.exitCode, first.toString());
    assertEquals(
        "created focus@auth.meet.example.org\n"
            + "created jvb@auth.meet.example.org\n"
            + "created jibri@auth.meet.example.org\n"
            + "created jigasi@auth.meet.example.org\n"
            + "created recorder@recorder.meet.example.org\n"
            + "created transcriber@recorder.meet.example.org\n"
            + "changed role focus@auth.meet.example.org prosody:admin\n"
            + "changed roster focus@auth.meet.example.org: subscription from focus.meet.example.org\n"
            + "accounts: 6 created, 0 updated, 0 unchanged; roles: 1 changed, 0 unchanged;"
            + " rosters: 1 changed, 0 unchanged; deleted: 0\n",
        first.out);
    assertTrue(first.err.contains(ROSTER_NOTE), first.err);
    assertEquals(0, second.exitCode, second.toString());
    assertEquals(
        "unchanged focus@auth.meet.example.org\n"
            + "unchanged jvb@auth.meet.example.org\n"
            + "unchanged jibri@auth.meet.example.org\n"
            + "unchanged jigasi@auth.meet.example.org\n"
            + "unchanged recorder@recorder.meet.example.org\n"
            + "unchanged transcriber@recorder.meet.example.org\n"
            + "unchanged role focus@auth.meet.example.org prosody:admin\n"
            + "unchanged roster focus@auth.meet.example.org: subscription from focus.meet.example.org\n"
            + "accounts: 0 created, 0 updated, 6 unchanged; roles: 0 changed, 1 unchanged;"
            + " rosters: 0 changed, 1 unchanged; deleted: 0\n",
        second.out);
    assertFalse(second.err.contains(ROSTER_NOTE), second.err);
    assertEquals(afterFirst, TreeSnapshot.of(data));
    assertEquals("return {\n\t[\"password\"] = \"recorder-secret\";\n};\n",
        Files.readString(data.resolve("recorder%2emeet%2eexample%2eorg/accounts/recorder.dat")));
    assertEquals(0, run("jvb-secret\n", "verify", "jvb@" + AUTH).exitCode);

    String doc = Files.readString(Path.of("docs/jitsi.md"));
    assertTrue(doc.contains(Files.readString(Path.of("docs/jitsi-manifest.json"))), "docs/jitsi.md shows another manifest");
    assertTrue(doc.contains(first.out), "docs/jitsi.md shows another first run");
    assertTrue(doc.contains(second.out), "docs/jitsi.md shows another second run");
  }

  @Test
  void jitsiManifestMissingSecretAsDocumented() throws IOException {
    Path manifest = Files.copy(Path.of("docs/jitsi-manifest.json"), etc.resolve("jitsi-manifest.json"));
    Files.delete(etc.resolve("secrets/jibri"));

    CliRun run = run("", "apply", manifest.toString());

    assertEquals(ExitCode.FAILURE, run.exitCode, run.toString());
    String documented = ":8:9: hosts[0].accounts[2] (jibri@auth.meet.example.org): password file ";
    assertTrue(run.err.contains(manifest + documented + etc.resolve("secrets/jibri") + " does not exist\n"), run.err);
    assertTrue(Files.readString(Path.of("docs/jitsi.md")).contains(documented), "docs/jitsi.md shows another message");
  }

  @Test
  void updatedPasswordRemindsOfJitsiSecret() throws IOException {
    Path manifest =
        manifest("{\"hosts\": [{\"host\": \"" + AUTH + "\", \"accounts\": [{\"user\": \"jvb\", \"password\": {\"env\": \"JVB\"}}]}]}");
    run(Map.of("JVB", "one"), "", "apply", manifest.toString());

    CliRun changed = run(Map.of("JVB", "two"), "", "apply", manifest.toString());

    assertEquals(0, changed.exitCode, changed.toString());
    assertTrue(changed.out.startsWith("updated jvb@auth.meet.example.org\n"), changed.out);
    assertTrue(changed.err.contains("jvb@auth.meet.example.org is a Jitsi service account"), changed.err);
  }

  @Test
  void rejectedHostsExitSevenBeforeWriting() throws IOException {
    Path manifest =
        manifest("{\"hosts\": [\n"
            + "{\"host\": \"" + AUTH + "\", \"accounts\": [{\"user\": \"jvb\", \"password\": {\"file\": \"secrets/jvb\"}}]},\n"
            + "{\"host\": \"guest.meet.example.org\", \"accounts\": [{\"user\": \"x\", \"password\": {\"file\": \"secrets/jvb\"}}]},\n"
            + "{\"host\": \"typo.example.org\", \"accounts\": [{\"user\": \"x\", \"password\": {\"file\": \"secrets/jvb\"}}]}\n"
            + "]}");
    Map<String, String> before = TreeSnapshot.of(data);

    CliRun run = run("", "apply", manifest.toString());

    assertEquals(ExitCode.CONFIGURATION, run.exitCode, run.toString());
    assertTrue(run.err.contains(manifest + ":3:10: hosts[1].host (guest.meet.example.org): host guest.meet.example.org"
        + " uses authentication \"anonymous\""), run.err);
    assertTrue(run.err.contains(manifest + ":4:10: hosts[2].host (typo.example.org): The given hostname does not exist"
        + " in the config"), run.err);
    assertEquals("", run.out);
    assertEquals(before, TreeSnapshot.of(data));
  }

  @Test
  void undeclaredHostHasPathInTextAndJson() throws IOException {
    Path manifest =
        manifest("{\"hosts\": [\n"
            + "{\"host\": \"" + AUTH + "\", \"accounts\": [{\"user\": \"jvb\", \"password\": {\"file\": \"secrets/jvb\"}}]},\n"
            + "  {\"host\": \"bad host\", \"accounts\": [{\"user\": \"x\", \"password\": {\"file\": \"secrets/jvb\"}}]}\n"
            + "]}");

    CliRun text = run("", "apply", manifest.toString());
    CliRun json = run("", "--json", "apply", manifest.toString());

    assertEquals(ExitCode.CONFIGURATION, text.exitCode, text.toString());
    assertTrue(text.err.contains(manifest + ":3:12: hosts[1].host (bad host): The given hostname does not exist in"
        + " the config"), text.err);
    assertEquals(ExitCode.CONFIGURATION, json.exitCode, json.toString());
    JsonNode document = JsonDocuments.parse(json);
    assertEquals("no_such_host", document.path("error").path("code").asText(), json.toString());
    JsonNode problems = document.path("result").path("problems");
    assertEquals(1, problems.size(), json.toString());
    assertEquals("host", problems.get(0).path("kind").asText());
    assertEquals("hosts[1].host", problems.get(0).path("path").asText());
    assertEquals("bad host", problems.get(0).path("jid").asText());
    assertEquals(3, problems.get(0).path("line").asInt());
    assertEquals(12, problems.get(0).path("column").asInt());
  }

  @Test
  void hostFailingNameprepIsInvalidItem() throws IOException {
    Path manifest = manifest("{\"hosts\": [\n  {\"host\": \"bad@host.org\", \"accounts\": []}\n]}");

    CliRun text = run("", "apply", manifest.toString());
    CliRun json = run("", "--json", "apply", manifest.toString());

    assertEquals(ExitCode.FAILURE, text.exitCode, text.toString());
    assertTrue(text.err.contains(manifest + ":2:12: hosts[0].host: Invalid host \"bad@host.org\""), text.err);
    JsonNode document = JsonDocuments.parse(json);
    assertEquals(ExitCode.FAILURE, json.exitCode, json.toString());
    assertEquals("manifest_invalid", document.path("error").path("code").asText());
    assertEquals("hosts[0].host", document.path("result").path("problems").get(0).path("path").asText());
  }

  @Test
  void everyStageReportedInOneRun() throws IOException {
    Path manifest =
        manifest("{\"hosts\": [\n"
            + "{\"host\": \"" + AUTH + "\", \"accounts\": [\n"
            + "{\"user\": \"a b\", \"password\": {\"file\": \"secrets/jvb\"}},\n"
            + "{\"user\": \"jvb\", \"password\": {\"file\": \"secrets/missing\"}},\n"
            + "{\"user\": \"jibri\", \"password\": {\"env\": \"UNSET\"}},\n"
            + "{\"user\": \"jigasi\", \"password\": {\"file\": \"secrets/jvb\"}, \"role\": \" \"},\n"
            + "{\"user\": \"JIGASI\", \"password\": {\"file\": \"secrets/jvb\"}}\n"
            + "]},\n"
            + "{\"host\": \"typo.example.org\", \"accounts\": [{\"user\": \"x\", \"password\": {\"file\": \"secrets/jvb\"}}]}\n"
            + "], \"rosters\": [\n"
            + "{\"user\": \"focus.meet.example.org\", \"contact\": \"focus@" + AUTH + "\"}\n"
            + "]}");
    Map<String, String> before = TreeSnapshot.of(data);

    CliRun text = run("", "apply", manifest.toString());
    CliRun json = run("", "--json", "apply", manifest.toString());

    assertEquals(ExitCode.FAILURE, text.exitCode, text.toString());
    List<String> problemLines =
        text.err.lines().filter(line -> line.startsWith(CliRun.PROGRAM + ": " + manifest + ":")).toList();
    assertEquals(7, problemLines.size(), text.err);
    assertTrue(problemLines.get(5).contains(":9:10: hosts[1].host (typo.example.org): The given hostname"), text.err);
    assertTrue(problemLines.get(6).contains(":11:1: rosters[0] (focus@" + AUTH + "): the contact"), text.err);
    JsonNode document = JsonDocuments.parse(json);
    assertEquals(ExitCode.FAILURE, json.exitCode, json.toString());
    assertEquals("manifest_invalid", document.path("error").path("code").asText());
    assertEquals(7, document.path("result").path("problems").size(), json.toString());
    assertEquals(before, TreeSnapshot.of(data));
  }

  @Test
  void unknownFieldHidesNoOtherProblem() throws IOException {
    Path manifest =
        manifest("{\"hosts\": [\n"
            + "{\"host\": \"" + AUTH + "\", \"accounts\": [\n"
            + "{\"user\": \"focus\", \"password\": {\"file\": \"secrets/focus\"}, \"colour\": \"red\"},\n"
            + "{\"user\": \"Focus\", \"password\": {\"file\": \"secrets/focus\"}},\n"
            + "{\"user\": \"jvb\", \"password\": {\"file\": \"secrets/missing\"}}\n"
            + "]},\n"
            + "{\"host\": \"typo.example.org\", \"accounts\": []},\n"
            + "{\"host\": \"bad@host\", \"accounts\": []}\n"
            + "], \"rosters\": [\n"
            + "{\"user\": \"focus.meet.example.org\", \"contact\": \"nobody@" + AUTH + "\"}\n"
            + "]}");

    CliRun text = run("", "apply", manifest.toString());
    CliRun json = run("", "--json", "apply", manifest.toString());

    assertEquals(ExitCode.USAGE, text.exitCode, text.toString());
    String prefix = CliRun.PROGRAM + ": " + manifest + ":";
    List<String> problems =
        text.err.lines().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length())).toList();
    assertEquals(6, problems.size(), text.err);
    assertTrue(problems.get(0).startsWith("3:58: hosts[0].accounts[0].colour: unknown field \"colour\""), text.err);
    assertTrue(problems.get(1).startsWith("4:1: hosts[0].accounts[1] (focus@" + AUTH + "): duplicate account"), text.err);
    assertTrue(problems.get(2).startsWith("5:1: hosts[0].accounts[2] (jvb@" + AUTH + "): password file "), text.err);
    assertTrue(problems.get(3).startsWith("7:10: hosts[1].host (typo.example.org): The given hostname"), text.err);
    assertTrue(problems.get(4).startsWith("8:10: hosts[2].host: Invalid host \"bad@host\""), text.err);
    assertTrue(problems.get(5).startsWith("10:1: rosters[0] (nobody@" + AUTH + "): the contact"), text.err);
    assertEquals(ExitCode.USAGE, json.exitCode, json.toString());
    assertEquals(6, JsonDocuments.parse(json).path("result").path("problems").size(), json.toString());
  }

  @Test
  void wrongTypeKeepsItemForLaterChecks() throws IOException {
    Path manifest =
        manifest("{\"hosts\": [\n"
            + "{\"host\": \"" + AUTH + "\", \"prune\": \"yes\", \"accounts\": [\n"
            + "{\"user\": \"focus\", \"password\": {\"file\": 7}, \"role\": 1},\n"
            + "{\"user\": \"FOCUS\", \"password\": {\"file\": \"secrets/focus\"}}\n"
            + "]}\n"
            + "], \"rosters\": [\n"
            + "{\"user\": \"focus.meet.example.org\", \"contact\": \"focus@" + AUTH + "\"}\n"
            + "]}");

    CliRun run = run("", "apply", manifest.toString());

    assertEquals(ExitCode.USAGE, run.exitCode, run.toString());
    assertTrue(run.err.contains(":2:44: hosts[0].prune: found a string where true or false is expected"), run.err);
    assertTrue(run.err.contains(":3:40: hosts[0].accounts[0].password.file: found a number where a string"), run.err);
    assertTrue(run.err.contains(":3:52: hosts[0].accounts[0].role: found a number where a string"), run.err);
    assertTrue(run.err.contains(":4:1: hosts[0].accounts[1] (focus@" + AUTH + "): duplicate account"), run.err);
    // The roster's contact is the account whose password source has the wrong type.
    assertFalse(run.err.contains("rosters[0]"), run.err);
  }

  @Test
  void passwordEndingInCarriageReturnExplained() throws IOException {
    Files.writeString(etc.resolve("secrets/crlf"), "abc\r\n");
    Path manifest =
        manifest("{\"hosts\": [{\"host\": \"" + AUTH + "\", \"accounts\": [\n"
            + "{\"user\": \"focus\", \"password\": {\"file\": \"secrets/crlf\"}},\n"
            + "{\"user\": \"jvb\", \"password\": {\"env\": \"JVB_PASSWORD\"}},\n"
            + "{\"user\": \"jibri\", \"password\": {\"stdin\": true}},\n"
            + "{\"user\": \"jigasi\", \"password\": {\"stdin\": true}}\n"
            + "]}]}");
    String failure = "the password fails SASLprep, so Prosody could never check it at login: it contains ";

    CliRun run = run(Map.of("JVB_PASSWORD", "abc\r"), "abc\r\nab\u0007c\n", "apply", manifest.toString());

    assertEquals(ExitCode.FAILURE, run.exitCode, run.toString());
    assertTrue(run.err.contains(":2:1: hosts[0].accounts[0] (focus@" + AUTH + "): " + failure + "a carriage return"
        + " (U+000D) at character 4, its last character. The password ends in a carriage return because password file "
        + etc.resolve("secrets/crlf") + " has Windows line endings (CRLF): convert it with dos2unix "
        + etc.resolve("secrets/crlf") + "\n"), run.err);
    assertTrue(run.err.contains(":3:1: hosts[0].accounts[1] (jvb@" + AUTH + "): " + failure + "a carriage return"
        + " (U+000D) at character 4, its last character. The password ends in a carriage return because environment"
        + " variable JVB_PASSWORD ends with one: remove it\n"), run.err);
    assertTrue(run.err.contains(":4:1: hosts[0].accounts[2] (jibri@" + AUTH + "): " + failure + "a carriage return"
        + " (U+000D) at character 4, its last character. The password ends in a carriage return because standard"
        + " input has Windows line endings (CRLF): convert them with dos2unix\n"), run.err);
    assertTrue(run.err.contains(":5:1: hosts[0].accounts[3] (jigasi@" + AUTH + "): " + failure + "a control character"
        + " (U+0007) at character 3\n"), run.err);
    assertFalse(run.err.contains("abc"), run.err);
  }

  @Test
  void schemaProblemDecidesExitCode() throws IOException {
    Path manifest =
        manifest("{\"hosts\": [\n"
            + "{\"host\": \"typo.example.org\", \"accounts\": [{\"user\": \"x\", \"password\": {\"file\": \"secrets/jvb\"}}]},\n"
            + "{\"host\": \"" + AUTH + "\", \"acounts\": []}\n"
            + "]}");

    CliRun run = run("", "apply", manifest.toString());

    assertEquals(ExitCode.USAGE, run.exitCode, run.toString());
    assertTrue(run.err.contains("hosts[0].host (typo.example.org): The given hostname"), run.err);
    assertTrue(run.err.contains("hosts[1].acounts: unknown field"), run.err);
  }

  @Test
  void jitsiAnonymousHostMessageHasOnePeriod() throws IOException {
    Files.writeString(etc.resolve("conf.d/meet.example.org.cfg.lua"),
        "\nVirtualHost \"anon.meet.example.org\"\n\tauthentication = \"jitsi-anonymous\"\n", StandardOpenOption.APPEND);
    Path manifest =
        manifest("{\"hosts\": [{\"host\": \"anon.meet.example.org\", \"accounts\": [{\"user\": \"x\","
            + " \"password\": {\"file\": \"secrets/jvb\"}}]}]}");

    CliRun text = run("", "apply", manifest.toString());
    CliRun json = run("", "--json", "apply", manifest.toString());

    assertEquals(ExitCode.CONFIGURATION, text.exitCode, text.toString());
    assertTrue(text.err.contains("give --auth to write a file anyway.\n"), text.err);
    assertFalse(text.err.contains(".."), text.err);
    assertFalse(json.out.contains(".."), json.out);
    assertEquals("host_rejected", JsonDocuments.parse(json).path("error").path("code").asText());
  }

  @Test
  void itemLinesFlushedBeforeLaterSteps() throws IOException {
    Path manifest =
        manifest("{\"hosts\": [{\"host\": \"" + AUTH + "\", \"accounts\": [\n"
            + "{\"user\": \"focus\", \"password\": {\"file\": \"secrets/focus\"}, \"role\": \"prosody:admin\"},\n"
            + "{\"user\": \"jvb\", \"password\": {\"file\": \"secrets/jvb\"}}\n]}]}");
    Path roles = data.resolve("auth%2emeet%2eexample%2eorg/account_roles/focus.dat");
    CliRun.Flushes flushes =
        CliRun.recordFlushes(
            "",
            text -> text.contains("created focus@") && !text.contains("accounts: "),
            () -> Files.exists(roles) ? "role written" : "role not written",
            "--config", config.toString(), "--iterations", "4096", "apply", manifest.toString());
    int exitCode = flushes.exitCode();
    List<String> flushed = flushes.texts();

    assertEquals(ExitCode.OK, exitCode);
    assertEquals(
        List.of("created focus@" + AUTH + "\nrole not written", "created focus@" + AUTH + "\ncreated jvb@" + AUTH
            + "\nrole not written"),
        flushed.subList(0, 2));
  }

  @Test
  void stdinManifestResolvesFilesInWorkingDirectory() throws IOException {
    Path folder = Files.createDirectories(Path.of("target", "apply-stdin-" + System.nanoTime()));
    try {
      Files.writeString(folder.resolve("jvb"), "from-working-directory\n");
      String json = "{\"hosts\": [{\"host\": \"" + AUTH + "\", \"accounts\": [{\"user\": \"jvb\","
          + " \"password\": {\"file\": \"" + folder.resolve("jvb") + "\"}}]}]}";

      CliRun run = run(json, "apply", "-");

      assertFalse(folder.isAbsolute());
      assertEquals(0, run.exitCode, run.toString());
      assertEquals(0, run("from-working-directory\n", "verify", "jvb@" + AUTH).exitCode);
    } finally {
      Files.deleteIfExists(folder.resolve("jvb"));
      Files.deleteIfExists(folder);
    }
  }

  @Test
  void newHostNotedWithoutConfiguration() throws IOException {
    Files.createDirectories(data.resolve("auth%2emeet%2eexample%2eorg/accounts"));
    Path manifest =
        manifest("{\"hosts\": [\n"
            + "{\"host\": \"" + AUTH + "\", \"accounts\": [{\"user\": \"jvb\", \"password\": {\"file\": \"secrets/jvb\"}}]},\n"
            + "{\"host\": \"new.example.org\", \"accounts\": [{\"user\": \"a\", \"password\": {\"file\": \"secrets/jvb\"}},"
            + " {\"user\": \"b\", \"password\": {\"file\": \"secrets/jvb\"}}]}\n"
            + "]}");
    String note = "note: " + data.resolve("new%2eexample%2eorg") + " does not exist yet, so host new.example.org"
        + " is new in this data directory: check its spelling";

    CliRun json = CliRun.run("", "--data-path", data.toString(), "--iterations", "4096", "--json", "--dry-run", "apply",
        manifest.toString());
    CliRun text = CliRun.run("", "--data-path", data.toString(), "--iterations", "4096", "apply", manifest.toString());

    assertEquals(0, text.exitCode, text.toString());
    assertEquals(1, text.err.lines().filter(line -> line.equals(CliRun.PROGRAM + ": " + note)).count(), text.err);
    assertFalse(text.err.contains("host auth.meet.example.org is new"), text.err);
    assertEquals(0, json.exitCode, json.toString());
    JsonNode warnings = JsonDocuments.parse(json).path("warnings");
    assertEquals(1, warnings.size(), json.toString());
    assertEquals(note, warnings.get(0).asText());
  }

  @Test
  void schemaProblemExitsTwo() throws IOException {
    Path manifest = manifest("{\"hosts\": [{\"host\": \"" + AUTH + "\", \"acounts\": []}]}");

    CliRun run = run("", "apply", manifest.toString());

    assertEquals(ExitCode.USAGE, run.exitCode, run.toString());
    assertTrue(run.err.contains(manifest + ":1:46: hosts[0].acounts: unknown field \"acounts\""), run.err);
    assertTrue(run.err.contains("nothing was applied"), run.err);
  }

  @Test
  void invalidItemExitsOneAndNamesIt() throws IOException {
    Path manifest =
        manifest("{\"hosts\": [{\"host\": \"" + AUTH + "\", \"accounts\": [\n"
            + "  {\"user\": \"jvb\", \"password\": {\"file\": \"secrets/missing\"}}\n]}]}");
    Map<String, String> before = TreeSnapshot.of(data);

    CliRun run = run("", "apply", manifest.toString());

    assertEquals(ExitCode.FAILURE, run.exitCode, run.toString());
    assertTrue(run.err.contains(manifest + ":2:3: hosts[0].accounts[0] (jvb@auth.meet.example.org): password file "
        + etc.resolve("secrets/missing") + " does not exist"), run.err);
    assertEquals(before, TreeSnapshot.of(data));
  }

  @Test
  void stdinPasswordsFollowManifestOrder() throws IOException {
    Path manifest =
        manifest("{\"hosts\": [{\"host\": \"" + AUTH + "\", \"accounts\": [\n"
            + "{\"user\": \"jibri\", \"password\": {\"stdin\": true}},\n"
            + "{\"user\": \"jigasi\", \"password\": {\"stdin\": true}}\n]}]}");

    CliRun run = run("jibri-line\njigasi-line\n", "apply", manifest.toString());

    assertEquals(0, run.exitCode, run.toString());
    assertEquals(0, run("jibri-line\n", "verify", "jibri@" + AUTH).exitCode);
    assertEquals(0, run("jigasi-line\n", "verify", "jigasi@" + AUTH).exitCode);
  }

  @Test
  void manifestOnStdinRejectsStdinPasswords() {
    String json = "{\"hosts\": [{\"host\": \"" + AUTH + "\", \"accounts\": [{\"user\": \"jibri\", \"password\": {\"stdin\": true}}]}]}";

    CliRun run = run(json, "apply", "-");

    assertEquals(ExitCode.FAILURE, run.exitCode, run.toString());
    assertTrue(run.err.contains("standard input:1:"), run.err);
    assertTrue(run.err.contains("cannot be used when the manifest itself is read from standard input"), run.err);
  }

  @Test
  void manifestOnStdinWithEnvironment() {
    String json = "{\"hosts\": [{\"host\": \"" + AUTH + "\", \"accounts\": [{\"user\": \"jvb\", \"password\": {\"env\": \"JVB\"}}]}]}";

    CliRun run = run(Map.of("JVB", "from-env"), json, "apply", "-");

    assertEquals(0, run.exitCode, run.toString());
    assertEquals(0, run("from-env\n", "verify", "jvb@" + AUTH).exitCode);
  }

  @Test
  void missingManifestExitsTwo() {
    CliRun run = run("", "apply", root.resolve("none.json").toString());

    assertEquals(ExitCode.USAGE, run.exitCode, run.toString());
    assertTrue(run.err.contains("manifest file " + root.resolve("none.json") + " does not exist"), run.err);
  }

  @Test
  void applyWithoutFileShowsUsage() {
    CliRun run = run("", "apply");

    assertEquals(ExitCode.USAGE, run.exitCode, run.toString());
    assertTrue(run.err.startsWith("Usage: /usr/bin/prosodyctl apply FILE"), run.err);
  }
}
