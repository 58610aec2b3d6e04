package org.prosodyaccounts.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command line against a temporary data directory. Expected output of the commands that
 * mirror prosodyctl is what Debian's prosodyctl 0.12.3 printed for the same input.
 */
class CliTest {

  private static final String AUTH = "auth.meet.example.org";
  private static final String AUTH_DIR = "auth%2emeet%2eexample%2eorg";
  private static final String PROMPTS =
      "Enter new password: \u001b[08m\u001b[00m\nRetype new password: \u001b[08m\u001b[00m\n";

  @TempDir Path data;

  private CliRun run(String stdin, String... args) {
    String[] full = Stream.concat(Stream.of("--data-path", data.toString()), Stream.of(args)).toArray(String[]::new);
    return CliRun.run(stdin, full);
  }

  /** Compares a run, ignoring notes on standard error, such as the one a new host folder gets. */
  private void assertRun(CliRun run, int exitCode, String out, String err) {
    String errWithoutNotes = run.err.replaceAll("(?m)^.*: note: .*\n", "");
    assertAll(
        run.toString(),
        () -> assertEquals(exitCode, run.exitCode, "exit code"),
        () -> assertEquals(out, run.out, "stdout"),
        () -> assertEquals(err, errWithoutNotes, "stderr"));
  }

  @Test
  void registerWritesAccountSilently() throws IOException {
    CliRun run = run("", "register", "jvb", AUTH, "secret");

    assertRun(run, 0, "", "");
    Path file = data.resolve(AUTH_DIR + "/accounts/jvb.dat");
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    String content = Files.readString(file);
    assertTrue(content.startsWith("return {\n\t[\"iteration_count\"] = 10000;\n"), content);
    assertFalse(content.contains("secret"), content);
  }

  @Test
  void registerThenVerifyAcceptsOnlyThePassword() {
    assertRun(run("", "register", "jvb", AUTH, "secret"), 0, "", "");

    CliRun match = run("secret\n", "verify", "jvb@" + AUTH);
    CliRun mismatch = run("Secret\n", "verify", "jvb@" + AUTH);
    CliRun empty = run("\n", "verify", "jvb@" + AUTH);

    assertRun(match, 0, "OK: the password of jvb@auth.meet.example.org matches\n", "");
    assertEquals(1, mismatch.exitCode, mismatch.toString());
    assertTrue(mismatch.err.contains("does not match"), mismatch.toString());
    assertEquals(1, empty.exitCode, empty.toString());
  }

  @Test
  void registerOverwritesExistingAccount() {
    run("", "register", "jvb", AUTH, "first");

    assertRun(run("", "register", "jvb", AUTH, "second"), 0, "", "");

    assertEquals(1, run("first\n", "verify", "jvb@" + AUTH).exitCode);
    assertEquals(0, run("second\n", "verify", "jvb@" + AUTH).exitCode);
  }

  @Test
  void registerPlainHostStoresSaslpreppedPassword() throws IOException {
    assertRun(run("", "--auth", "internal_plain", "register", "Archiver", "recorder.meet.example.org", "a\u00a0b\u00adc"), 0, "", "");

    String content = Files.readString(data.resolve("recorder%2emeet%2eexample%2eorg/accounts/archiver.dat"));
    assertEquals("return {\n\t[\"password\"] = \"a bc\";\n};\n", content);
  }

  @Test
  void optionsAfterCommandAreAccepted() throws IOException {
    CliRun run =
        CliRun.run("", "register", "erin", "vault.example.org", "pencil", "--data-path", data.toString(), "--password-hash", "SHA-256");

    assertRun(run, 0, "", "");
    String content = Files.readString(data.resolve("vault%2eexample%2eorg/accounts/erin.dat"));
    assertTrue(content.matches("(?s).*\\[\"stored_key\"] = \"[0-9a-f]{64}\".*"), content);
    assertEquals(0, run("pencil\n", "--password-hash", "SHA-256", "verify", "erin@vault.example.org").exitCode);
    assertEquals(1, run("pencil\n", "verify", "erin@vault.example.org").exitCode, "SHA-1 settings cannot verify a SHA-256 record");
  }

  @Test
  void passwordStartingWithDashReachesCommand() {
    assertRun(run("", "register", "jvb", AUTH, "-x-secret"), 0, "", "");

    assertEquals(0, run("-x-secret\n", "verify", "jvb@" + AUTH).exitCode);
  }

  static Stream<Arguments> prosodyctlTranscripts() {
    return Stream.of(
        Arguments.of("register without arguments", "", List.of("register"),
            1, "No username specified\nUsage: /usr/bin/prosodyctl register USER HOST [PASSWORD]\n Register a user on the server, with the given password\n"),
        Arguments.of("register without host", "", List.of("register", "jvb"),
            1, "Please specify which host you want to register the user on\nUsage: /usr/bin/prosodyctl register USER HOST [PASSWORD]\n Register a user on the server, with the given password\n"),
        Arguments.of("register --help", "", List.of("register", "--help"),
            1, "Usage: /usr/bin/prosodyctl register USER HOST [PASSWORD]\n Register a user on the server, with the given password\n"),
        Arguments.of("register @ in user name", "", List.of("register", "bad@name", "meet.example.org", "Xx12345678"),
            1, "The given username is invalid in a Jabber ID\n"),
        Arguments.of("register space in user name", "", List.of("register", "bad name", "meet.example.org", "Xx12345678"),
            1, "The given username is invalid in a Jabber ID\n"),
        Arguments.of("register slash in user name", "", List.of("register", "a/b", "meet.example.org", "Xx12345678"),
            1, "The given username is invalid in a Jabber ID\n"),
        Arguments.of("register quote in user name", "", List.of("register", "a\"b", "meet.example.org", "Xx12345678"),
            1, "The given username is invalid in a Jabber ID\n"),
        Arguments.of("register empty host", "", List.of("register", "jvb", "", "Xx12345678"),
            1, "The given hostname is invalid\n"),
        Arguments.of("register newline in password, hashed", "", List.of("register", "newline", "meet.example.org", "line1\nline2"),
            1, "Error: Password fails SASLprep\n"),
        Arguments.of("register tab in password, plain", "", List.of("--auth", "internal_plain", "register", "newline", "recorder.meet.example.org", "a\tb"),
            1, "Error: Password fails SASLprep.\n"),
        Arguments.of("register with no password on stdin", "", List.of("register", "jvb", AUTH),
            1, "Enter new password: \u001b[08m\u001b[00m\nNo password - cancelled\nUnable to register user with no password\n"),
        Arguments.of("unregister without host", "", List.of("unregister", "jvb"),
            1, "Please specify which host you want to unregister the user from\nUsage: /usr/bin/prosodyctl unregister USER HOST [PASSWORD]\n Permanently remove a user account from the server\n"),
        Arguments.of("unregister missing user", "", List.of("unregister", "ghost", AUTH),
            1, "The given user does not exist on the server\n"),
        Arguments.of("adduser without arguments", "", List.of("adduser"),
            1, "Usage: /usr/bin/prosodyctl adduser JID\n Create the specified user account in Prosody\n"),
        Arguments.of("adduser --help", "", List.of("adduser", "--help"),
            0, "Usage: /usr/bin/prosodyctl adduser JID\n Create the specified user account in Prosody\n"),
        Arguments.of("adduser host only", "", List.of("adduser", "meet.example.org"),
            1, "Failed to understand JID, please supply the JID you want to create\nUsage: /usr/bin/prosodyctl adduser user@host\n"),
        Arguments.of("adduser invalid JID", "", List.of("adduser", "bad user@meet.example.org"),
            1, "Please specify a JID, including a host. e.g. alice@example.com\n"),
        Arguments.of("adduser two @", "", List.of("adduser", "a@b@meet.example.org"),
            1, "Please specify a JID, including a host. e.g. alice@example.com\n"),
        Arguments.of("adduser emoji user fails after prompts", "Xx12345678\nXx12345678\n", List.of("adduser", "\ud83d\ude00smile@meet.example.org"),
            1, PROMPTS + "The given username is invalid in a Jabber ID\n"),
        Arguments.of("adduser at end of input", "", List.of("adduser", "newbie@meet.example.org"),
            1, "Enter new password: \u001b[08m\u001b[00m\nNo password - cancelled\n"),
        Arguments.of("adduser different passwords then n", "one\ntwo\nn\n", List.of("adduser", "newbie@meet.example.org"),
            1, PROMPTS + "Passwords did not match, try again? [Y/n] \n"),
        Arguments.of("passwd host only", "", List.of("passwd", "meet.example.org"),
            1, "Failed to understand JID, please supply the JID you want to set the password for\nUsage: /usr/bin/prosodyctl passwd user@host\n"),
        Arguments.of("passwd missing user", "", List.of("passwd", "ghost@meet.example.org"),
            1, "That user does not exist, use prosodyctl adduser to create a new user\n"),
        Arguments.of("passwd without arguments", "", List.of("passwd"),
            1, "Usage: /usr/bin/prosodyctl passwd JID\n Set the password for the specified user account in Prosody\n"),
        Arguments.of("deluser missing user", "", List.of("deluser", "ghost@meet.example.org"),
            1, "That user does not exist on this server\n"),
        Arguments.of("deluser host only", "", List.of("deluser", "meet.example.org"),
            1, "Failed to understand JID, please supply the JID to the user account you want to delete\nUsage: /usr/bin/prosodyctl deluser user@host\n"),
        Arguments.of("deluser without arguments", "", List.of("deluser"),
            1, "Usage: /usr/bin/prosodyctl deluser JID\n Permanently remove the specified user account from Prosody\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("prosodyctlTranscripts")
  void matchesProsodyctlOutput(String name, String stdin, List<String> args, int exitCode, String out) throws IOException {
    CliRun run = run(stdin, args.toArray(String[]::new));

    assertEquals(exitCode, run.exitCode, run.toString());
    assertEquals(out, run.out, run.toString());
    assertFalse(run.err.contains("Exception") || run.err.contains("\tat "), run.err);
    try (Stream<Path> files = Files.walk(data)) {
      assertEquals(List.of(data), files.toList(), "a failed command must write nothing");
    }
  }

  @Test
  void invalidNamesAreExplainedOnStandardError() {
    CliRun space = run("", "register", "bad name", "meet.example.org", "Xx12345678");
    CliRun emptyHost = run("", "register", "jvb", "", "Xx12345678");
    CliRun tab = run("", "register", "jvb", "meet.example.org", "a\tsecret");

    assertEquals(
        "/usr/bin/prosodyctl: Invalid username \"bad name\": Nodeprep failed: the string contains a prohibited code point (U+0020 at index 3)\n",
        space.err);
    assertEquals("/usr/bin/prosodyctl: Invalid host \"\": it is empty\n", emptyHost.err);
    assertTrue(tab.err.contains("the password fails SASLprep"), tab.err);
    assertTrue(tab.err.contains("so it was not stored"), tab.err);
    assertFalse(tab.err.contains("secret"), tab.err);
  }

  @Test
  void misspelledOptionAfterCommandIsUsageError() throws IOException {
    CliRun typo = run("", "register", "--iteration", "20000", "jvb", AUTH, "secret");
    CliRun trailing = run("", "register", "jvb", AUTH, "secret", "--iteration", "20000");
    CliRun extra = run("", "register", "jvb", AUTH, "pass", "word");
    CliRun separated = run("", "register", "jvb", AUTH, "--", "--secret");

    assertEquals(2, typo.exitCode, typo.toString());
    assertTrue(typo.err.contains("unknown option --iteration"), typo.err);
    assertEquals(2, trailing.exitCode, trailing.toString());
    assertEquals(2, extra.exitCode, extra.toString());
    assertTrue(extra.err.contains("too many arguments"), extra.err);
    assertEquals(0, separated.exitCode, separated.toString());
    assertEquals(0, run("--secret\n", "verify", "jvb@" + AUTH).exitCode);
    try (Stream<Path> files = Files.walk(data)) {
      assertEquals(1, files.filter(Files::isRegularFile).count(), "only the separated register writes");
    }
  }

  @Test
  void newHostFolderIsNoted() {
    CliRun register = run("", "register", "jvb", AUTH, "secret");
    CliRun again = run("", "register", "jibri", AUTH, "secret");
    CliRun list = run("", "list", "auth.meet.exmaple.org");

    assertTrue(register.err.contains("note: " + data.resolve(AUTH_DIR) + " does not exist yet"), register.err);
    assertEquals("", again.err);
    assertEquals(0, list.exitCode);
    assertEquals("", list.out);
    assertTrue(list.err.contains("host auth.meet.exmaple.org has no folder"), list.err);
  }

  @Test
  void listSkipsCorruptRecordsWithWarning() throws IOException {
    run("", "register", "jvb", AUTH, "secret");
    Files.writeString(data.resolve(AUTH_DIR + "/accounts/broken.dat"), "return { password = ");

    CliRun list = run("", "list", AUTH);

    assertEquals("jvb@auth.meet.example.org\n", list.out);
    assertTrue(list.err.contains("broken@auth.meet.example.org cannot log in"), list.err);
  }

  @Test
  void lowIterationCountIsWarned() {
    CliRun run = run("", "--iterations", "1000", "register", "jvb", AUTH, "secret");

    assertEquals(0, run.exitCode);
    assertTrue(run.err.contains("warning: --iterations 1000 is below 4096"), run.err);
  }

  @Test
  void adduserExistingUserPrintsExactlyJitsisExpectedLine() {
    run("", "register", "focus", AUTH, "S3cret");

    CliRun plain = run("", "adduser", "focus@" + AUTH);
    CliRun typedDifferently = run("", "adduser", "FOCUS@Auth.MEET.EXAMPLE.ORG.");

    assertRun(plain, 1, "That user already exists\n", "");
    assertRun(typedDifferently, 1, "That user already exists\n", "");
  }

  @Test
  void adduserCreatesAfterRetry() {
    CliRun run = run("one\ntwo\ny\nthree\nthree\n", "adduser", "alice@meet.example.org");

    assertRun(run, 0, PROMPTS + "Passwords did not match, try again? [Y/n] \n" + PROMPTS, "");
    assertEquals(0, run("three\n", "verify", "alice@meet.example.org").exitCode);
  }

  @Test
  void adduserAcceptsEmptyPassword() {
    assertRun(run("\n\n", "adduser", "dave@meet.example.org"), 0, PROMPTS, "");

    assertEquals(0, run("\n", "verify", "dave@meet.example.org").exitCode);
  }

  @Test
  void passwdChangesPasswordAndKeepsUnknownFields() throws IOException {
    run("", "register", "alice", "meet.example.org", "Wonderland-1");
    Path file = data.resolve("meet%2eexample%2eorg/accounts/alice.dat");
    String withExtra = Files.readString(file).replace("return {\n", "return {\n\t[\"note\"] = \"kept\";\n");
    Files.writeString(file, withExtra);

    CliRun run = run("Looking-Glass-2\nLooking-Glass-2\n", "passwd", "alice@meet.example.org");

    assertRun(run, 0, PROMPTS, "");
    assertEquals(0, run("Looking-Glass-2\n", "verify", "alice@meet.example.org").exitCode);
    assertEquals(1, run("Wonderland-1\n", "verify", "alice@meet.example.org").exitCode);
    assertTrue(Files.readString(file).contains("[\"note\"] = \"kept\";"), Files.readString(file));
  }

  @Test
  void deluserPurgesEveryStore() throws IOException {
    run("", "register", "bob", "meet.example.org", "Builder-Bob-3");
    Path roster = Files.createDirectories(data.resolve("meet%2eexample%2eorg/roster"));
    Files.writeString(roster.resolve("bob.dat"), "return {};\n");
    Files.writeString(roster.resolve("alice.dat"), "return {};\n");

    assertRun(run("", "deluser", "bob@meet.example.org"), 0, "", "");

    assertFalse(Files.exists(data.resolve("meet%2eexample%2eorg/accounts/bob.dat")));
    assertFalse(Files.exists(roster.resolve("bob.dat")));
    assertTrue(Files.exists(roster.resolve("alice.dat")));
    assertEquals(3, run("x\n", "verify", "bob@meet.example.org").exitCode);
  }

  @Test
  void unregisterDeletesAccount() {
    run("", "register", "jibri", AUTH, "x");

    assertRun(run("", "unregister", "jibri", AUTH), 0, "", "");

    assertEquals(3, run("x\n", "verify", "jibri@" + AUTH).exitCode);
  }

  @Test
  void listDecodesAndWarnsOfBadNames() throws IOException {
    run("", "register", "John.Doe-X_Y", "meet.example.org", "a");
    run("", "register", "Élodie", "meet.example.org", "b");
    run("", "register", "Straße", "meet.example.org", "c");
    Path accounts = data.resolve("meet%2eexample%2eorg/accounts");
    Files.writeString(accounts.resolve("Upper.dat"), "return {};\n");

    CliRun run = run("", "list", "Meet.Example.Org.");

    assertEquals(0, run.exitCode, run.toString());
    assertEquals("john.doe-x_y@meet.example.org\nstrasse@meet.example.org\nélodie@meet.example.org\n", run.out);
    assertTrue(run.err.contains("Upper.dat"), run.err);
    assertTrue(run.err.contains("rename it to upper.dat"), run.err);
  }

  @Test
  void verifyOfMissingAccountExitsThree() {
    CliRun run = run("x\n", "verify", "ghost@" + AUTH);

    assertEquals(3, run.exitCode, run.toString());
    assertTrue(run.err.contains("ghost@auth.meet.example.org does not exist"), run.err);
  }

  @Test
  void verifyOfDisabledAccountExitsFour() throws IOException {
    run("", "register", "zed", "meet.example.org", "Zed-13");
    Path file = data.resolve("meet%2eexample%2eorg/accounts/zed.dat");
    Files.writeString(file, Files.readString(file).replace("return {\n", "return {\n\t[\"disabled\"] = true;\n"));

    CliRun run = run("Zed-13\n", "verify", "zed@meet.example.org");

    assertEquals(4, run.exitCode, run.toString());
    assertTrue(run.err.contains("is disabled (disabled = true), and the password matches"), run.err);
    assertTrue(run("wrong\n", "verify", "zed@meet.example.org").err.contains("and the password does not match"));
  }

  @Test
  void verifyExplainsUnusableRecord() {
    run("", "register", "recorder", "recorder.meet.example.org", "secret");

    CliRun run = run("secret\n", "--auth", "internal_plain", "verify", "recorder@recorder.meet.example.org");

    assertEquals(1, run.exitCode, run.toString());
    assertTrue(run.err.contains("cannot log in with the host's settings (internal_plain, SHA-1)"), run.err);
    assertTrue(run.err.contains("no password field"), run.err);
    assertFalse(run.err.contains("secret"), run.err);
  }

  @Test
  void verifyWithoutInputIsUsageError() {
    run("", "register", "jvb", AUTH, "secret");

    CliRun run = run("", "verify", "jvb@" + AUTH);

    assertEquals(2, run.exitCode, run.toString());
    assertTrue(run.err.contains("no password on standard input"), run.err);
  }

  @Test
  void corruptAccountFileIsReportedAndLeftAlone() throws IOException {
    Path file = Files.createDirectories(data.resolve(AUTH_DIR + "/accounts")).resolve("jvb.dat");
    String hostile = "return { password = os.execute(\"touch " + data.resolve("pwned") + "\") };\n";
    Files.writeString(file, hostile);

    CliRun verify = run("x\n", "verify", "jvb@" + AUTH);
    CliRun passwd = run("a\na\n", "passwd", "jvb@" + AUTH);

    assertEquals(5, verify.exitCode, verify.toString());
    assertTrue(verify.err.contains(file + ":1:"), verify.err);
    assertEquals(5, passwd.exitCode, passwd.toString());
    assertEquals(hostile, Files.readString(file));
    assertFalse(Files.exists(data.resolve("pwned")));
  }

  @Test
  void missingDataDirectoryIsNamed() {
    Path missing = data.resolve("nope");

    CliRun run = CliRun.run("", "--data-path", missing.toString(), "register", "jvb", AUTH, "secret");

    assertEquals(6, run.exitCode, run.toString());
    assertTrue(run.err.contains(missing.toString()), run.err);
    assertTrue(run.err.contains("does not exist"), run.err);
  }

  @Test
  void invalidOptionValuesAreUsageErrors() {
    assertAll(
        () -> assertEquals(2, run("", "--auth", "ldap", "register", "a", "b", "c").exitCode),
        () -> assertEquals(2, run("", "--password-hash", "MD5", "register", "a", "b", "c").exitCode),
        () -> assertEquals(2, run("", "--iterations", "0", "register", "a", "b", "c").exitCode),
        () -> assertEquals(2, run("", "--iterations", "many", "register", "a", "b", "c").exitCode),
        () -> assertEquals(2, run("", "--iterations", "10000001", "register", "a", "b", "c").exitCode),
        () -> assertEquals(2, run("", "--bogus", "register", "a", "b", "c").exitCode),
        () -> assertEquals(2, run("", "frobnicate").exitCode));
  }

  @Test
  void iterationsOptionSetsCount() throws IOException {
    assertRun(run("", "--iterations", "4096", "register", "jvb", AUTH, "secret"), 0, "", "");

    assertTrue(Files.readString(data.resolve(AUTH_DIR + "/accounts/jvb.dat")).contains("[\"iteration_count\"] = 4096;"));
    assertEquals(0, run("secret\n", "verify", "jvb@" + AUTH).exitCode);
  }

  @Test
  void prosodyVersion13WritesTimestamps() throws IOException {
    long before = java.time.Instant.now().getEpochSecond();

    assertRun(run("", "--prosody-version", "13", "register", "jvb", AUTH, "secret"), 0, "", "");

    String content = Files.readString(data.resolve(AUTH_DIR + "/accounts/jvb.dat"));
    java.util.regex.Matcher created = java.util.regex.Pattern.compile("\\[\"created\"] = (\\d+);").matcher(content);
    assertTrue(created.find(), content);
    assertTrue(Long.parseLong(created.group(1)) >= before, content);
    assertTrue(content.contains("[\"updated\"] = " + created.group(1) + ";"), content);
    assertEquals(0, run("secret\n", "verify", "jvb@" + AUTH).exitCode);
  }

  @Test
  void prosody13RecordsOnHostSelectTimestamps() throws IOException {
    Path accounts = Files.createDirectories(data.resolve(AUTH_DIR + "/accounts"));
    Files.copy(Path.of("testdata/prosody-13/data/auth%2emeet%2eexample%2eorg/accounts/focus.dat"), accounts.resolve("focus.dat"));

    assertRun(run("", "register", "jvb", AUTH, "secret"), 0, "", "");
    assertRun(run("", "--prosody-version", "0.12", "register", "jibri", AUTH, "secret"), 0, "", "");

    assertTrue(Files.readString(accounts.resolve("jvb.dat")).contains("[\"created\"] = "));
    assertFalse(Files.readString(accounts.resolve("jibri.dat")).contains("created"));
  }

  @Test
  void invalidProsodyVersionIsUsageError() {
    CliRun run = run("", "--prosody-version", "latest", "register", "jvb", AUTH, "secret");

    assertEquals(2, run.exitCode, run.toString());
    assertTrue(run.err.contains("invalid --prosody-version 'latest'"), run.err);
  }

  @Test
  void helpAndVersionExitZero() {
    CliRun help = CliRun.run("", "--help");
    CliRun version = CliRun.run("", "--version");

    assertEquals(0, help.exitCode);
    assertTrue(help.out.contains("register USER HOST [PASSWORD]"), help.out);
    assertEquals(0, version.exitCode);
    assertTrue(version.out.startsWith("prosody-accounts "), version.out);
  }

  @Test
  void noCommandPrintsHelpToStandardError() {
    CliRun run = CliRun.run("");

    assertEquals(2, run.exitCode);
    assertTrue(run.err.contains("Usage:"), run.err);
  }
}
