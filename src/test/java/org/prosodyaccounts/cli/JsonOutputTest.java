package org.prosodyaccounts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prosodyaccounts.cli.JsonDocuments.errorCode;
import static org.prosodyaccounts.cli.JsonDocuments.texts;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command with {@code --json}, on its success path and its error paths: one document on
 * standard output with the documented fields and exit codes, and no password anywhere.
 */
class JsonOutputTest {

  private static final String AUTH = "auth.example.org";
  private static final String SECRET = "Secret-Pass-4711";
  private static final String OTHER_SECRET = "Other-Pass-0815";

  @TempDir Path root;
  private Path data;

  @BeforeEach
  void createDataDirectory() throws IOException {
    data = Files.createDirectory(root.resolve("data"));
  }

  /** Runs {@code args} on the data directory with {@code --json} after them. */
  private CliRun run(String stdin, String... args) {
    String[] full =
        Stream.of(Stream.of("--data-path", data.toString()), Arrays.stream(args), Stream.of("--json"))
            .flatMap(s -> s)
            .toArray(String[]::new);
    return CliRun.run(stdin, full);
  }

  private JsonNode json(String stdin, String... args) {
    return JsonDocuments.parse(run(stdin, args), SECRET, OTHER_SECRET);
  }

  private Path accountFile(String user) {
    return data.resolve("auth%2eexample%2eorg/accounts/" + user + ".dat");
  }

  private void register(String user, String password) {
    CliRun run = CliRun.run("", "--data-path", data.toString(), "register", user, AUTH, password);
    assertEquals(0, run.exitCode, run.toString());
  }

  @Test
  void registerReportsCreatedThenReplaced() {
    CliRun first = run("", "register", "jvb", AUTH, SECRET);
    JsonNode created = JsonDocuments.parse(first, SECRET);
    JsonNode replaced = json("", "register", "jvb", AUTH, SECRET);

    assertEquals("", first.err, "JSON mode printed on standard error");
    assertEquals("register", created.get("command").asText());
    assertEquals("jvb@auth.example.org", created.get("result").get("jid").asText());
    assertEquals("created", created.get("result").get("action").asText());
    assertEquals(accountFile("jvb").toString(), created.get("result").get("file").asText());
    assertTrue(texts(created.get("warnings")).get(0).contains("is new in this data directory"), created.toString());
    assertEquals("replaced", replaced.get("result").get("action").asText());
    assertTrue(texts(replaced.get("warnings")).get(0).contains("Jitsi service account"), replaced.toString());
  }

  @Test
  void optionBeforeCommandWorksToo() {
    CliRun run = CliRun.run("", "--json", "--data-path", data.toString(), "ensure", "Jvb", AUTH, SECRET);
    JsonNode document = JsonDocuments.parse(run, SECRET);

    assertEquals("ensure", document.get("command").asText());
    assertEquals("jvb@auth.example.org", document.get("result").get("jid").asText());
  }

  @Test
  void prosodyctlCommandsReportActions() {
    JsonNode adduser = json(SECRET + "\n" + SECRET + "\n", "adduser", "focus@" + AUTH);
    JsonNode exists = json(SECRET + "\n" + SECRET + "\n", "adduser", "focus@" + AUTH);
    JsonNode passwd = json(OTHER_SECRET + "\n" + OTHER_SECRET + "\n", "passwd", "focus@" + AUTH);
    JsonNode deluser = json("", "deluser", "focus@" + AUTH);
    JsonNode deluserAgain = json("", "deluser", "focus@" + AUTH);
    register("jibri", SECRET);
    JsonNode unregister = json("", "unregister", "jibri", AUTH);
    JsonNode unregisterAgain = json("", "unregister", "jibri", AUTH);

    assertEquals("created", adduser.get("result").get("action").asText());
    assertEquals(accountFile("focus").toString(), adduser.get("result").get("file").asText());
    assertEquals("account_exists", errorCode(exists));
    assertEquals(1, exists.get("exit_code").intValue());
    assertEquals("updated", passwd.get("result").get("action").asText());
    assertEquals("deleted", deluser.get("result").get("action").asText());
    assertEquals(List.of(accountFile("focus").toString()), texts(deluser.get("result").get("files")));
    assertEquals("no_such_account", errorCode(deluserAgain));
    assertEquals(1, deluserAgain.get("exit_code").intValue());
    assertEquals("jibri@auth.example.org", unregister.get("result").get("jid").asText());
    assertEquals(List.of(accountFile("jibri").toString()), texts(unregister.get("result").get("files")));
    assertEquals("no_such_account", errorCode(unregisterAgain));
  }

  @Test
  void passwordPromptsStayOffStandardOutput() {
    CliRun run = run(SECRET + "\n" + SECRET + "\n", "adduser", "focus@" + AUTH);
    JsonDocuments.parse(run, SECRET);

    assertFalse(run.out.contains("Enter new password"), run.toString());
    assertTrue(run.err.contains("Enter new password"), run.toString());
  }

  @Test
  void promptFailuresHaveCodes() {
    JsonNode cancelled = json("", "adduser", "focus@" + AUTH);
    JsonNode differ = json(SECRET + "\n" + OTHER_SECRET + "\nn\n", "adduser", "focus@" + AUTH);
    JsonNode registerWithout = json("", "register", "focus", AUTH);

    assertEquals("no_password", errorCode(cancelled));
    assertEquals(1, cancelled.get("exit_code").intValue());
    assertEquals("password_mismatch", errorCode(differ));
    assertEquals("no_password", errorCode(registerWithout));
    assertEquals(1, registerWithout.get("exit_code").intValue());
  }

  @Test
  void invalidNamesAndPasswordsHaveCodes() {
    JsonNode badUser = json("", "register", "a b", AUTH, SECRET);
    JsonNode badHost = json("", "register", "jvb", "exa/mple.org", SECRET);
    JsonNode badPassword = json("", "ensure", "jvb", AUTH, "tab\there");
    JsonNode badRegisterPassword = json("", "register", "jvb", AUTH, "tab\there");

    assertEquals("invalid_jid", errorCode(badUser));
    assertEquals(1, badUser.get("exit_code").intValue());
    assertEquals("invalid_jid", errorCode(badHost));
    assertEquals("invalid_password", errorCode(badPassword));
    assertEquals(1, badPassword.get("exit_code").intValue());
    assertFalse(badPassword.toString().contains("tab\there"), badPassword.toString());
    assertEquals("invalid_password", errorCode(badRegisterPassword));
  }

  @Test
  void verifyReportsEachOutcome() {
    register("jvb", SECRET);

    JsonNode match = json(SECRET + "\n", "verify", "jvb@" + AUTH);
    JsonNode mismatch = json(OTHER_SECRET + "\n", "verify", "jvb@" + AUTH);
    JsonNode missing = json(SECRET + "\n", "verify", "nobody@" + AUTH);
    JsonNode noPassword = json("", "verify", "jvb@" + AUTH);
    JsonNode invalid = json(SECRET + "\n", "verify", AUTH);
    json("", "disable", "jvb@" + AUTH);
    JsonNode disabled = json(SECRET + "\n", "verify", "jvb@" + AUTH);

    assertEquals("match", match.get("result").get("outcome").asText());
    assertTrue(match.get("result").get("password_matches").booleanValue());
    assertEquals("mismatch", mismatch.get("result").get("outcome").asText());
    assertFalse(mismatch.get("result").get("password_matches").booleanValue());
    assertEquals("password_mismatch", errorCode(mismatch));
    assertEquals(1, mismatch.get("exit_code").intValue());
    assertEquals("no_such_account", missing.get("result").get("outcome").asText());
    assertTrue(missing.get("result").get("password_matches").isNull());
    assertEquals(3, missing.get("exit_code").intValue());
    assertEquals("no_password", errorCode(noPassword));
    assertEquals(2, noPassword.get("exit_code").intValue());
    assertEquals("invalid_jid", errorCode(invalid));
    assertEquals("disabled", disabled.get("result").get("outcome").asText());
    assertTrue(disabled.get("result").get("password_matches").booleanValue());
    assertEquals("account_disabled", errorCode(disabled));
    assertEquals(4, disabled.get("exit_code").intValue());
  }

  @Test
  void verifyReportsUnusableRecord() {
    register("jvb", SECRET);

    JsonNode unusable = json(SECRET + "\n", "verify", "--auth", "internal_plain", "jvb@" + AUTH);

    assertEquals("unusable", unusable.get("result").get("outcome").asText());
    assertEquals("account_unusable", errorCode(unusable));
    assertEquals(1, unusable.get("exit_code").intValue());
  }

  @Test
  void listReportsAccountsAndSkippedFiles() throws IOException {
    register("b", SECRET);
    register("a", SECRET);
    Files.writeString(accountFile("Upper"), "return {};\n");
    Files.writeString(accountFile("broken"), "return {\n");

    JsonNode list = json("", "list", AUTH);
    JsonNode empty = json("", "list", "other.example.org");

    JsonNode result = list.get("result");
    assertEquals(AUTH, result.get("host").asText());
    assertEquals(List.of("a@auth.example.org", "b@auth.example.org"), texts(result.get("accounts")));
    assertEquals(2, result.get("skipped").size(), result.toString());
    List<String> skippedFiles = List.of(result.get("skipped").get(0).get("file").asText(), result.get("skipped").get(1).get("file").asText());
    assertTrue(skippedFiles.contains(accountFile("Upper").toString()), result.toString());
    assertTrue(skippedFiles.contains(accountFile("broken").toString()), result.toString());
    assertFalse(result.get("skipped").get(0).get("reason").asText().isEmpty());
    assertEquals(2, list.get("warnings").size());
    assertEquals(0, empty.get("result").get("accounts").size());
    assertEquals(1, empty.get("warnings").size());
  }

  @Test
  void showReportsRecordFields() {
    CliRun created = CliRun.run("", "--data-path", data.toString(), "--prosody-version", "13", "register", "jvb", AUTH, SECRET);
    assertEquals(0, created.exitCode, created.toString());

    JsonNode show = json("", "show", "jvb@" + AUTH);
    JsonNode missing = json("", "show", "nobody@" + AUTH);

    JsonNode result = show.get("result");
    assertEquals("jvb@auth.example.org", result.get("jid").asText());
    assertEquals(accountFile("jvb").toString(), result.get("file").asText());
    assertEquals("hashed", result.get("record").asText());
    assertEquals("SHA-1", result.get("hash").asText());
    assertEquals(10000, result.get("iteration_count").intValue());
    assertTrue(result.get("created").isIntegralNumber(), result.toString());
    assertTrue(Math.abs(result.get("created").longValue() - System.currentTimeMillis() / 1000) < 600, result.toString());
    assertEquals(result.get("created").longValue(), result.get("updated").longValue());
    assertFalse(result.get("disabled").booleanValue());
    assertEquals("prosody:registered", result.get("role").asText());
    assertTrue(result.get("cannot_log_in").isNull());
    assertFalse(result.toString().contains("stored_key"), result.toString());
    assertEquals("no_such_account", errorCode(missing));
    assertEquals(3, missing.get("exit_code").intValue());
  }

  @Test
  void showGivesNullForMissingFields() throws IOException {
    Files.createDirectories(accountFile("rec").getParent());
    Files.writeString(accountFile("rec"), "return {\n\t[\"password\"] = \"" + SECRET + "\";\n};\n");
    register("jvb", SECRET);

    JsonNode plain = json("", "show", "rec@" + AUTH).get("result");
    JsonNode unusable = json("", "show", "--auth", "internal_plain", "jvb@" + AUTH).get("result");

    assertEquals("plain", plain.get("record").asText());
    assertTrue(plain.get("hash").isNull());
    assertTrue(plain.get("iteration_count").isNull());
    assertTrue(plain.get("created").isNull());
    assertTrue(plain.get("updated").isNull());
    assertTrue(plain.get("cannot_log_in").isNull());
    assertTrue(unusable.get("cannot_log_in").asText().contains("internal_plain"), unusable.toString());
  }

  @Test
  void existsDisableEnableAndRole() {
    register("jvb", SECRET);

    JsonNode exists = json("", "exists", "jvb@" + AUTH);
    JsonNode missing = json("", "exists", "nobody@" + AUTH);
    JsonNode disabled = json("", "disable", "jvb@" + AUTH);
    JsonNode disabledAgain = json("", "disable", "jvb@" + AUTH);
    JsonNode enabled = json("", "enable", "jvb@" + AUTH);
    JsonNode enableMissing = json("", "enable", "nobody@" + AUTH);
    JsonNode role = json("", "role", "jvb@" + AUTH);
    JsonNode setRole = json("", "role", "jvb@" + AUTH, "prosody:admin");
    JsonNode setRoleAgain = json("", "role", "jvb@" + AUTH, "prosody:admin");
    JsonNode roleMissing = json("", "role", "nobody@" + AUTH, "prosody:admin");

    assertTrue(exists.get("result").get("exists").booleanValue());
    assertFalse(missing.get("result").get("exists").booleanValue());
    assertEquals(3, missing.get("exit_code").intValue());
    assertEquals("no_such_account", errorCode(missing));
    assertEquals("disabled", disabled.get("result").get("action").asText());
    assertEquals("unchanged", disabledAgain.get("result").get("action").asText());
    assertEquals("enabled", enabled.get("result").get("action").asText());
    assertEquals("no_such_account", errorCode(enableMissing));
    assertEquals("prosody:registered", role.get("result").get("role").asText());
    assertFalse(role.get("result").has("action"));
    assertEquals("changed", setRole.get("result").get("action").asText());
    assertEquals("prosody:admin", setRole.get("result").get("role").asText());
    assertEquals("unchanged", setRoleAgain.get("result").get("action").asText());
    assertEquals(3, roleMissing.get("exit_code").intValue());
  }

  @Test
  void rosterSubscribeAndShow() {
    register("focus", SECRET);

    JsonNode subscribe = json("", "roster", "subscribe", "focus.example.org", "Focus@" + AUTH);
    JsonNode again = json("", "roster", "subscribe", "focus.example.org", "focus@" + AUTH);
    JsonNode show = json("", "roster", "show", "focus@" + AUTH);
    JsonNode missing = json("", "roster", "subscribe", "focus.example.org", "nobody@" + AUTH);

    assertEquals("roster subscribe", subscribe.get("command").asText());
    assertEquals("focus.example.org", subscribe.get("result").get("user").asText());
    assertEquals("focus@auth.example.org", subscribe.get("result").get("contact").asText());
    assertEquals("changed", subscribe.get("result").get("action").asText());
    assertEquals(List.of("focus@auth.example.org"), texts(subscribe.get("result").get("rosters")));
    assertTrue(texts(subscribe.get("warnings")).get(0).contains("caches rosters"));
    assertEquals("unchanged", again.get("result").get("action").asText());
    assertEquals(0, again.get("result").get("rosters").size());
    assertEquals("roster show", show.get("command").asText());
    JsonNode contact = show.get("result").get("contacts").get(0);
    assertEquals("focus.example.org", contact.get("jid").asText());
    assertEquals("from", contact.get("subscription").asText());
    assertTrue(contact.get("ask").isNull());
    assertTrue(contact.get("name").isNull());
    assertTrue(contact.get("groups").isArray());
    assertEquals("no_such_account", errorCode(missing));
  }

  @Test
  void ensureReportsActionsAndMissingPassword() {
    JsonNode created = json("", "ensure", "jvb", AUTH, SECRET);
    JsonNode unchanged = json("", "ensure", "jvb", AUTH, SECRET);
    JsonNode updated = json("", "ensure", "jvb", AUTH, OTHER_SECRET);
    JsonNode noPassword = json("", "ensure", "jvb", AUTH);
    JsonNode tooFew = json("", "ensure", "jvb");

    assertEquals("created", created.get("result").get("action").asText());
    assertEquals(accountFile("jvb").toString(), created.get("result").get("file").asText());
    assertEquals("unchanged", unchanged.get("result").get("action").asText());
    assertEquals("updated", updated.get("result").get("action").asText());
    assertEquals(1, updated.get("warnings").size());
    assertEquals("no_password", errorCode(noPassword));
    assertEquals(2, noPassword.get("exit_code").intValue());
    assertEquals("usage", errorCode(tooFew));
    assertEquals(2, tooFew.get("exit_code").intValue());
  }

  @Test
  void importReportsItemsAndProblems() {
    String lines = "a@" + AUTH + "\t" + SECRET + "\nb@" + AUTH + "\t" + OTHER_SECRET + "\n";

    JsonNode imported = json(lines, "import", "-");
    JsonNode ensured = json(lines, "import", "--ensure", "-");
    JsonNode invalid = json("a@" + AUTH + "\t" + SECRET + "\nbad user@" + AUTH + "\t" + SECRET + "\n", "import", "-");
    JsonNode unparsable = json("{\"jid\": \"a@" + AUTH + "\", \"password\": \n", "import", "-");

    JsonNode result = imported.get("result");
    assertEquals(2, result.get("items").size());
    assertEquals(1, result.get("items").get(0).get("line").intValue());
    assertEquals("a@auth.example.org", result.get("items").get(0).get("jid").asText());
    assertEquals("created", result.get("items").get(0).get("action").asText());
    assertEquals(2, result.get("created").intValue());
    assertEquals(0, result.get("updated").intValue());
    assertEquals(0, result.get("unchanged").intValue());
    assertEquals(2, ensured.get("result").get("unchanged").intValue());
    assertEquals("import_invalid", errorCode(invalid));
    assertEquals(1, invalid.get("exit_code").intValue());
    assertEquals(2, invalid.get("result").get("problems").get(0).get("line").intValue());
    assertFalse(invalid.get("result").get("problems").get(0).get("message").asText().isEmpty());
    assertEquals("import_invalid", errorCode(unparsable));
    assertEquals(2, unparsable.get("exit_code").intValue());
  }

  @Test
  void exportStreamsAccountsIntoTheDocument() throws IOException {
    register("a", SECRET);
    register("b", SECRET);

    JsonNode plain = json("", "export", AUTH);
    CliRun withSecrets = run("", "export", "--with-secrets", AUTH);
    JsonNode secrets = JsonDocuments.parse(withSecrets, OTHER_SECRET);
    Files.writeString(accountFile("broken"), "return {\n");
    JsonNode corrupt = json("", "export", AUTH);

    assertEquals(AUTH, plain.get("result").get("host").asText());
    JsonNode accounts = plain.get("result").get("accounts");
    assertEquals(2, accounts.size());
    assertEquals("hashed", accounts.get(0).get("kind").asText());
    assertFalse(accounts.get(0).has("salt"), accounts.toString());
    assertFalse(accounts.get(0).has("stored_key"), accounts.toString());
    assertTrue(secrets.get("result").get("accounts").get(0).get("stored_key").isTextual());
    assertEquals(5, corrupt.get("exit_code").intValue());
    assertEquals("corrupt_file", errorCode(corrupt));
    assertEquals(2, corrupt.get("result").get("accounts").size());
    assertEquals(1, corrupt.get("warnings").size());
  }

  @Test
  void applyReportsItemsAndProblems() throws IOException {
    Path secret = Files.writeString(root.resolve("focus-secret"), SECRET + "\n");
    Path manifest =
        Files.writeString(
            root.resolve("manifest.json"),
            "{\"hosts\": [{\"host\": \"" + AUTH + "\", \"accounts\": [{\"user\": \"focus\", \"password\": {\"file\": \""
                + secret + "\"}, \"role\": \"prosody:admin\"}]}],"
                + " \"rosters\": [{\"user\": \"focus.example.org\", \"contact\": \"focus@" + AUTH + "\"}]}");
    Path literal =
        Files.writeString(
            root.resolve("literal.json"),
            "{\"hosts\": [{\"host\": \"" + AUTH + "\", \"accounts\": [{\"user\": \"jvb\", \"password\": \"" + SECRET + "\"}]}]}");

    JsonNode applied = json("", "apply", manifest.toString());
    JsonNode again = json("", "apply", manifest.toString());
    JsonNode invalid = json("", "apply", literal.toString());

    assertEquals("apply", applied.get("command").asText());
    JsonNode items = applied.get("result").get("items");
    assertEquals(3, items.size(), items.toString());
    assertEquals("account", items.get(0).get("kind").asText());
    assertEquals("focus@auth.example.org", items.get(0).get("target").asText());
    assertEquals("created", items.get(0).get("action").asText());
    assertEquals("role", items.get(1).get("kind").asText());
    assertEquals("prosody:admin", items.get(1).get("detail").asText());
    assertEquals("changed", items.get(1).get("action").asText());
    assertEquals("roster", items.get(2).get("kind").asText());
    assertEquals(1, applied.get("result").get("created").intValue());
    assertEquals(2, applied.get("result").get("changed").intValue());
    assertTrue(texts(applied.get("warnings")).stream().anyMatch(warning -> warning.contains("caches rosters")));
    assertEquals(3, again.get("result").get("unchanged").intValue());
    assertEquals("manifest_invalid", errorCode(invalid));
    assertEquals("hosts[0].accounts[0].password", invalid.get("result").get("problems").get(0).get("path").asText());
  }

  @Test
  void doctorReportsConfigurationAndProblems() throws IOException {
    register("jvb", SECRET);
    Files.setPosixFilePermissions(accountFile("jvb"), PosixFilePermissions.fromString("rw-r--r--"));

    JsonNode doctor = json("", "doctor");

    JsonNode result = doctor.get("result");
    assertEquals(data.toString(), result.get("configuration").get("data_path").asText());
    assertEquals(0, result.get("configuration").get("files").size());
    JsonNode problem = result.get("problems").get(0);
    assertEquals("readable_by_others", problem.get("kind").asText());
    assertEquals(accountFile("jvb").toString(), problem.get("path").asText());
    assertFalse(problem.get("message").asText().isEmpty());
    assertTrue(problem.get("fix").asText().contains("chmod 0640"), problem.toString());
    assertEquals("problems_found", errorCode(doctor));
    assertEquals(1, doctor.get("exit_code").intValue());
  }

  @Test
  void usageErrorsGiveADocument() {
    JsonNode before = JsonDocuments.parse(CliRun.run("", "--json", "--bogus", "register"));
    JsonNode after = JsonDocuments.parse(CliRun.run("", "register", "--bogus", "--json"));
    JsonNode noCommand = JsonDocuments.parse(CliRun.run("", "--json"));
    JsonNode badValue = JsonDocuments.parse(CliRun.run("", "--iterations", "0", "--json", "register"));
    JsonNode unknown = json("", "frobnicate");
    JsonNode surplus = json("", "register", "jvb", AUTH, SECRET, "extra");
    JsonNode missingHost = json("", "register", "jvb");

    for (JsonNode document : List.of(before, after, noCommand, badValue, unknown, surplus)) {
      assertEquals("usage", errorCode(document), document.toString());
      assertEquals(2, document.get("exit_code").intValue(), document.toString());
    }
    assertTrue(before.get("command").isNull());
    assertEquals("frobnicate", unknown.get("command").asText());
    // prosodyctl's own commands keep its exit code 1 for missing arguments.
    assertEquals("usage", errorCode(missingHost));
    assertEquals(1, missingHost.get("exit_code").intValue());
    assertTrue(missingHost.get("error").get("message").asText().contains("Please specify which host"));
  }

  @Test
  void jsonAfterDoubleDashIsAnArgument() {
    CliRun run = CliRun.run("", "--bogus", "--", "--json");

    assertEquals(2, run.exitCode);
    assertFalse(run.out.startsWith("{"), run.toString());
  }

  @Test
  void helpStaysText() {
    CliRun help = CliRun.run("", "--json", "--help");
    JsonNode commandHelp = json("", "verify", "--help");

    assertEquals(0, help.exitCode);
    assertTrue(help.out.startsWith("Usage: "), help.toString());
    assertTrue(help.out.contains("--json"), help.toString());
    assertTrue(commandHelp.get("result").get("usage").asText().contains("verify JID"));
  }

  @Test
  void versionIsADocument() {
    CliRun run = CliRun.run("", "--version", "--json");
    JsonNode version = JsonDocuments.parse(run);

    assertEquals("version", version.get("command").asText());
    assertEquals(Cli.version(), version.get("result").get("version").asText());
  }

  @Test
  void configurationAndHostErrorsHaveCodes() throws IOException {
    Path config =
        Files.writeString(
            root.resolve("prosody.cfg.lua"),
            "data_path = \"" + data + "\"\nprosody_user = \"root\"\nprosody_group = \"root\"\n"
                + "VirtualHost \"" + AUTH + "\"\nVirtualHost \"guest.example.org\"\n  authentication = \"anonymous\"\n");
    String[] withConfig = {"--config", config.toString(), "--json"};

    JsonNode missingConfig =
        JsonDocuments.parse(CliRun.run("", "--config", root.resolve("none.cfg.lua").toString(), "--json", "list", AUTH));
    JsonNode brokenConfig =
        JsonDocuments.parse(
            CliRun.run("", "--config", Files.writeString(root.resolve("broken.cfg.lua"), "x = = 1\n").toString(), "--json", "list", AUTH));
    JsonNode rejected = JsonDocuments.parse(CliRun.run("", concat(withConfig, "register", "u", "guest.example.org", SECRET)), SECRET);
    JsonNode rejectedEnsure = JsonDocuments.parse(CliRun.run("", concat(withConfig, "ensure", "u", "guest.example.org", SECRET)), SECRET);
    JsonNode undeclared = JsonDocuments.parse(CliRun.run("", concat(withConfig, "register", "u", "nowhere.example.org", SECRET)), SECRET);
    JsonNode undeclaredEnsure = JsonDocuments.parse(CliRun.run("", concat(withConfig, "ensure", "u", "nowhere.example.org", SECRET)), SECRET);

    assertEquals("configuration", errorCode(missingConfig));
    assertEquals(7, missingConfig.get("exit_code").intValue());
    assertEquals("configuration", errorCode(brokenConfig));
    assertEquals("host_rejected", errorCode(rejected));
    assertEquals(1, rejected.get("exit_code").intValue());
    assertEquals("host_rejected", errorCode(rejectedEnsure));
    assertEquals(7, rejectedEnsure.get("exit_code").intValue());
    assertEquals("no_such_host", errorCode(undeclared));
    assertEquals(1, undeclared.get("exit_code").intValue());
    assertEquals("no_such_host", errorCode(undeclaredEnsure));
    assertEquals(7, undeclaredEnsure.get("exit_code").intValue());
  }

  @Test
  void fileErrorsHaveCodes() throws IOException {
    register("jvb", SECRET);
    Files.writeString(accountFile("jvb"), "return {\n");
    Path notADirectory = Files.writeString(root.resolve("file"), "x");

    JsonNode corrupt = json("", "show", "jvb@" + AUTH);
    JsonNode ioError =
        JsonDocuments.parse(CliRun.run("", "--data-path", notADirectory.toString(), "--json", "ensure", "jvb", AUTH, SECRET), SECRET);

    assertEquals("corrupt_file", errorCode(corrupt));
    assertEquals(5, corrupt.get("exit_code").intValue());
    assertTrue(corrupt.get("error").get("message").asText().contains(accountFile("jvb").toString()));
    assertEquals("io_error", errorCode(ioError));
    assertEquals(6, ioError.get("exit_code").intValue());
  }

  @Test
  void errorCodesMatchTheDocumentedList() {
    List<String> codes = Arrays.stream(ErrorCode.values()).map(ErrorCode::jsonName).toList();

    assertEquals(JsonDocuments.ERROR_CODES, codes);
  }

  /** Command lines of every command, each of which must print one valid document. */
  static Stream<List<String>> commandLines() {
    return Stream.of(
        List.of("register", "new", AUTH, SECRET),
        List.of("register", "jvb", AUTH, SECRET),
        List.of("unregister", "jvb", AUTH),
        List.of("unregister", "nobody", AUTH),
        List.of("adduser", "jvb@" + AUTH),
        List.of("adduser", "--help"),
        List.of("passwd", "nobody@" + AUTH),
        List.of("passwd", AUTH),
        List.of("deluser", "jvb@" + AUTH),
        List.of("deluser"),
        List.of("verify", "jvb@" + AUTH),
        List.of("verify"),
        List.of("list", AUTH),
        List.of("list", "bad host"),
        List.of("ensure", "jvb", AUTH, SECRET),
        List.of("ensure", "jvb", AUTH, OTHER_SECRET),
        List.of("exists", "jvb@" + AUTH),
        List.of("exists", "-x"),
        List.of("show", "jvb@" + AUTH),
        List.of("show", AUTH),
        List.of("disable", "jvb@" + AUTH),
        List.of("enable", "jvb@" + AUTH),
        List.of("role", "jvb@" + AUTH),
        List.of("role", "jvb@" + AUTH, "prosody:admin"),
        List.of("roster", "subscribe", "focus." + AUTH, "jvb@" + AUTH),
        List.of("roster", "show", "jvb@" + AUTH),
        List.of("roster", "bogus"),
        List.of("import", "-"),
        List.of("import", "/nonexistent/accounts.tsv"),
        List.of("export", AUTH),
        List.of("export", "--with-secrets", AUTH),
        List.of("doctor"),
        List.of("doctor", "extra"),
        List.of("apply", "/nonexistent/manifest.json"),
        List.of("apply", "-"),
        List.of("ensure", "--dry-run", "jvb", AUTH, OTHER_SECRET),
        List.of("ensure", "--iterations", "1000", "new", AUTH, SECRET));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commandLines")
  void everyCommandPrintsOneDocument(List<String> commandLine) {
    register("jvb", SECRET);
    // Standard input for import, and the password for verify and the prompts.
    String stdin = "jvb@" + AUTH + "\t" + SECRET + "\n";

    CliRun run = run(stdin, commandLine.toArray(String[]::new));
    JsonNode document = JsonDocuments.parse(run, SECRET, OTHER_SECRET);

    assertTrue(document.get("command").asText().startsWith(commandLine.get(0)), document.toString());
  }

  private static String[] concat(String[] first, String... rest) {
    return Stream.concat(Arrays.stream(first), Arrays.stream(rest)).toArray(String[]::new);
  }
}
