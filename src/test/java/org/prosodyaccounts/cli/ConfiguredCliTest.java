package org.prosodyaccounts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line with a Prosody configuration laid out as Jitsi's Debian package lays it out:
 * a main file that includes {@code conf.d/*.cfg.lua}, and a domain file with the main, auth,
 * recorder, guest and other hosts.
 */
class ConfiguredCliTest {

  @TempDir Path root;
  private Path config;
  private Path data;

  @BeforeEach
  void writeConfiguration() throws IOException {
    Path etc = Files.createDirectories(root.resolve("etc/conf.d"));
    data = Files.createDirectory(root.resolve("data"));
    String main =
        Files.readString(Path.of("testdata/prosody-0.12/etc/prosody.cfg.lua"))
            .replace("data_path = \"/var/lib/prosody\"", "data_path = \"" + data + "\"")
            // The tests own their files, whatever users the machine has.
            + "\nprosody_user = \"root\"\nprosody_group = \"root\"\n";
    config = Files.writeString(root.resolve("etc/prosody.cfg.lua"), main);
    Files.copy(
        Path.of("testdata/prosody-0.12/etc/conf.d/meet.example.org.cfg.lua"), etc.resolve("meet.example.org.cfg.lua"));
  }

  private CliRun run(String stdin, String... args) {
    String[] full = Stream.concat(Stream.of("--config", config.toString()), Stream.of(args)).toArray(String[]::new);
    return CliRun.run(stdin, full);
  }

  private String record(String host, String user) throws IOException {
    return Files.readString(data.resolve(host).resolve("accounts").resolve(user + ".dat"));
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> paths = Files.walk(data)) {
      return paths.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void registerFollowsEachHostsFormat() throws IOException {
    assertEquals(0, run("", "register", "jvb", "auth.meet.example.org", "secret").exitCode);
    assertEquals(0, run("", "register", "recorder", "recorder.meet.example.org", "rec-secret").exitCode);
    assertEquals(0, run("", "register", "erin", "vault.example.org", "pencil").exitCode);

    assertTrue(record("auth%2emeet%2eexample%2eorg", "jvb").matches("(?s).*\\[\"stored_key\"] = \"[0-9a-f]{40}\".*"));
    assertEquals("return {\n\t[\"password\"] = \"rec-secret\";\n};\n", record("recorder%2emeet%2eexample%2eorg", "recorder"));
    assertTrue(record("vault%2eexample%2eorg", "erin").matches("(?s).*\\[\"stored_key\"] = \"[0-9a-f]{64}\".*"));
    assertEquals(0, run("secret\n", "verify", "jvb@auth.meet.example.org").exitCode);
    assertEquals(0, run("rec-secret\n", "verify", "recorder@recorder.meet.example.org").exitCode);
    assertEquals(0, run("pencil\n", "verify", "erin@vault.example.org").exitCode);
  }

  @Test
  void passwdListAndDeluserNeedNoOptions() {
    run("", "register", "focus", "auth.meet.example.org", "one");
    run("", "register", "recorder", "recorder.meet.example.org", "rec");

    CliRun passwd = run("two\ntwo\n", "passwd", "focus@auth.meet.example.org");
    CliRun list = run("", "list", "auth.meet.example.org");
    CliRun deluser = run("", "deluser", "recorder@recorder.meet.example.org");

    assertEquals(0, passwd.exitCode, passwd.toString());
    assertEquals(0, run("two\n", "verify", "focus@auth.meet.example.org").exitCode);
    assertEquals("focus@auth.meet.example.org\n", list.out);
    assertEquals(0, deluser.exitCode, deluser.toString());
    assertEquals(3, run("rec\n", "verify", "recorder@recorder.meet.example.org").exitCode);
  }

  @Test
  void relativeConfigPathIsTakenFromWorkingDirectory() {
    Path relative = Path.of("").toAbsolutePath().relativize(config);

    CliRun run = CliRun.run("", "--config", relative.toString(), "register", "jvb", "auth.meet.example.org", "secret");

    assertTrue(!relative.isAbsolute());
    assertEquals(0, run.exitCode, run.toString());
    assertTrue(Files.exists(data.resolve("auth%2emeet%2eexample%2eorg/accounts/jvb.dat")));
  }

  @Test
  void registerOnUndeclaredHostFailsAsProsodyctl() throws IOException {
    CliRun run = run("", "register", "someone", "nothere.example.org", "Xx12345678");

    assertEquals(1, run.exitCode, run.toString());
    assertEquals("The given hostname does not exist in the config\n", run.out);
    assertEquals(List.of(), files());
  }

  @Test
  void registerOnAnonymousHostIsRefused() throws IOException {
    CliRun run = run("", "register", "visitor", "guest.meet.example.org", "Xx12345678");

    assertEquals(1, run.exitCode, run.toString());
    assertEquals("Error: Account creation/modification not supported.\n", run.out);
    assertTrue(run.err.contains("uses authentication \"anonymous\""), run.err);
    assertTrue(run.err.contains("no accounts"), run.err);
    assertEquals(List.of(), files());
  }

  @Test
  void registerOnDisabledHostWorks() throws IOException {
    CliRun run = run("", "register", "someone", "old.example.org", "Xx12345678");

    assertEquals(0, run.exitCode, run.toString());
    assertTrue(Files.exists(data.resolve("old%2eexample%2eorg/accounts/someone.dat")));
  }

  @Test
  void adduserOnUndeclaredHostWarnsAndCreates() throws IOException {
    CliRun run = run("Xx12345678\nXx12345678\n", "adduser", "someone@nothere.example.org");

    assertEquals(0, run.exitCode, run.toString());
    assertEquals(
        "The host 'nothere.example.org' is not listed in the configuration file (or is not enabled).\n"
            + "The user will not be able to log in until this is changed.\n"
            + "Enter new password: \u001b[08m\u001b[00m\nRetype new password: \u001b[08m\u001b[00m\n",
        run.out);
    assertTrue(Files.exists(data.resolve("nothere%2eexample%2eorg/accounts/someone.dat")));
  }

  @Test
  void deluserOnUndeclaredHostWarnsOnce() {
    CliRun run = run("", "deluser", "ghost@nothere.example.org");

    assertEquals(1, run.exitCode, run.toString());
    assertEquals(
        "The host 'nothere.example.org' is not listed in the configuration file (or is not enabled).\n"
            + "That user does not exist on this server\n",
        run.out);
  }

  @Test
  void optionsOverrideConfiguration() throws IOException {
    CliRun run = run("", "--auth", "internal_hashed", "register", "rec2", "recorder.meet.example.org", "x");

    assertEquals(0, run.exitCode, run.toString());
    assertTrue(record("recorder%2emeet%2eexample%2eorg", "rec2").contains("stored_key"));
  }

  @Test
  void configurationFromEnvironmentVariable() throws IOException {
    CliEnvironment environment =
        new CliEnvironment(
            Map.of("PROSODY_CONFIG", config.toString()),
            Path.of("/nonexistent/prosody.version"),
            Path.of("/nonexistent/prosody.cfg.lua"));

    CliRun run = CliRun.run(environment, "", "register", "jvb", "auth.meet.example.org", "secret");

    assertEquals(0, run.exitCode, run.toString());
    assertTrue(Files.exists(data.resolve("auth%2emeet%2eexample%2eorg/accounts/jvb.dat")));
  }

  @Test
  void brokenConfigurationNamesFileAndLine() throws IOException {
    Path domain = root.resolve("etc/conf.d/meet.example.org.cfg.lua");
    Files.writeString(domain, Files.readString(domain) + "\nthis is not lua\n");

    CliRun run = run("", "register", "jvb", "auth.meet.example.org", "secret");
    CliRun dataPathOnly = run("", "--data-path", data.toString(), "register", "recorder", "recorder.meet.example.org", "x");
    CliRun goOn = run("", "--data-path", data.toString(), "--auth", "internal_hashed", "register", "jvb", "auth.meet.example.org", "secret");

    assertEquals(7, run.exitCode, run.toString());
    assertTrue(run.err.contains(domain.toString()), run.err);
    assertTrue(run.err.contains("--data-path"), run.err);
    assertEquals(7, dataPathOnly.exitCode, "without --auth the record format is unknown: " + dataPathOnly);
    assertFalse(Files.exists(data.resolve("recorder%2emeet%2eexample%2eorg")));
    assertEquals(0, goOn.exitCode, goOn.toString());
    assertTrue(goOn.err.contains("the configuration was not read, so every host uses --auth internal_hashed"), goOn.err);
  }

  @Test
  void missingNamedConfigurationIsError() {
    CliRun run = CliRun.run("", "--config", root.resolve("nope.cfg.lua").toString(), "list", "auth.meet.example.org");

    assertEquals(7, run.exitCode, run.toString());
    assertTrue(run.err.contains("nope.cfg.lua does not exist"), run.err);
  }

  @Test
  void missingDefaultConfigurationIsNoted() {
    CliRun run = CliRun.run("", "list", "auth.meet.example.org");

    assertTrue(run.err.contains("note: no Prosody configuration at /nonexistent/prosody.cfg.lua"), run.err);
  }

  @Test
  void sqlStorageHostIsRefused() throws IOException {
    Files.writeString(
        root.resolve("etc/conf.d/sql.cfg.lua"), "VirtualHost \"sql.example.org\"\n\tstorage = { accounts = \"sql\" }\n");

    CliRun run = run("", "register", "jvb", "sql.example.org", "secret");

    assertEquals(1, run.exitCode, run.toString());
    assertTrue(run.err.contains("\"sql\""), run.err);
    assertEquals(List.of(), files());
  }

  @Test
  void doctorOnCleanDirectoryFindsNothing() {
    run("", "register", "jvb", "auth.meet.example.org", "secret");

    CliRun run = run("", "doctor");

    assertEquals(0, run.exitCode, run.toString());
    assertTrue(run.out.contains(config.toString()), run.out);
    assertTrue(run.out.contains("auth.meet.example.org  authentication internal_hashed, hash SHA-1"), run.out);
    assertTrue(run.out.contains("vault.example.org  authentication internal_hashed, hash SHA-256"), run.out);
    assertTrue(run.out.contains("guest.meet.example.org  authentication anonymous"), run.out);
    assertTrue(run.out.contains("no problems found"), run.out);
  }

  @Test
  void doctorFindsConfigurationProblems() throws IOException {
    run("", "register", "jvb", "auth.meet.example.org", "secret");
    Files.writeString(
        root.resolve("etc/conf.d/broken.cfg.lua"),
        "VirtualHost \"typo.example.org\"\n\tauthentication = \"internal_hased\"\n"
            + "VirtualHost \"hash.example.org\"\n\tpassword_hash = \"SHA-512\"\n"
            + "VirtualHost \"sql.example.org\"\n\tstorage = \"sql\"\n");
    Path sqlAccounts = Files.createDirectories(data.resolve("sql%2eexample%2eorg/accounts"));
    Files.copy(data.resolve("auth%2emeet%2eexample%2eorg/accounts/jvb.dat"), sqlAccounts.resolve("jvb.dat"));
    Path componentAccounts = Files.createDirectories(data.resolve("focus%2emeet%2eexample%2eorg/accounts"));
    Files.copy(data.resolve("auth%2emeet%2eexample%2eorg/accounts/jvb.dat"), componentAccounts.resolve("x.dat"));

    CliRun run = run("", "doctor");

    assertEquals(1, run.exitCode, run.toString());
    assertTrue(run.out.contains("unknown authentication provider: typo.example.org"), run.out);
    assertTrue(run.out.contains("did you mean internal_hashed?"), run.out);
    assertTrue(run.out.contains("invalid password_hash: hash.example.org"), run.out);
    assertTrue(run.out.contains("ignored accounts: " + sqlAccounts), run.out);
    assertTrue(run.out.contains("ignored accounts: " + componentAccounts), run.out);
  }

  @Test
  void componentRegisterWarns() {
    CliRun run = run("", "register", "x", "focus.meet.example.org", "secret");

    assertEquals(0, run.exitCode, run.toString());
    assertTrue(run.err.contains("focus.meet.example.org is a component (client_proxy)"), run.err);
  }

  @Test
  void listOfUndeclaredHostIsNoSuchHost() {
    CliRun text = run("", "list", "nothere.example.org");
    CliRun json = run("", "--json", "list", "nothere.example.org");

    assertEquals(ExitCode.CONFIGURATION, text.exitCode, text.toString());
    assertEquals("", text.out);
    assertEquals(
        CliRun.PROGRAM + ": host nothere.example.org is not in Prosody's configuration, so its accounts cannot log in:"
            + " add it there, or check the spelling\n",
        text.err);
    assertEquals(ExitCode.CONFIGURATION, json.exitCode, json.toString());
    assertEquals("no_such_host", JsonDocuments.errorCode(JsonDocuments.parse(json)));
  }

  @Test
  void listWithDataPathAloneNotesMissingHost() {
    CliRun run = CliRun.run("", "--data-path", data.toString(), "list", "nothere.example.org");

    assertEquals(0, run.exitCode, run.toString());
    assertEquals("", run.out);
    assertTrue(run.err.contains("note: host nothere.example.org has no folder in the data directory"), run.toString());
  }

  @Test
  void verifyOnUndeclaredHostIsRejected() {
    CliRun verify = run("pw\n", "verify", "x@nothere.example.org");

    assertEquals(7, verify.exitCode, verify.toString());
    assertEquals("", verify.out);
    assertTrue(verify.err.contains("host nothere.example.org is not in Prosody's configuration"), verify.toString());
  }

  @Test
  void readingAnonymousHostIsRejected() {
    CliRun list = run("", "list", "guest.meet.example.org");
    CliRun verify = run("pw\n", "verify", "x@guest.meet.example.org");

    assertEquals(7, list.exitCode, list.toString());
    assertEquals("", list.out);
    assertEquals(7, verify.exitCode, verify.toString());
    assertEquals("", verify.out);
  }

  @Test
  void doctorFindsPlantedProblems() throws IOException {
    run("", "register", "jvb", "auth.meet.example.org", "secret");
    run("", "--auth", "internal_hashed", "register", "hashed", "recorder.meet.example.org", "secret");
    Path stray = Files.createDirectories(data.resolve("stray%2eexample%2eorg/accounts"));
    Files.writeString(stray.resolve("x.dat"), "return { password = \"x\" };\n");
    Files.setPosixFilePermissions(stray.resolve("x.dat"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));

    CliRun run = run("", "doctor");

    assertEquals(1, run.exitCode, run.toString());
    assertTrue(run.out.contains("hashed on plain host: " + data.resolve("recorder%2emeet%2eexample%2eorg/accounts/hashed.dat")), run.out);
    assertTrue(run.out.contains("undeclared host: " + stray), run.out);
    assertTrue(run.out.contains("2 problems found"), run.out);
    assertFalse(run.out.contains("secret"), run.out);
  }
}
