package org.prosodyaccounts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code --password-stdin}, {@code --password-file} and {@code --password-env} options: an
 * empty password, a password given twice, and a file with Windows line endings.
 */
class PasswordOptionsCliTest {

  private static final String AUTH = "auth.example.org";
  private static final String SECRET = "Secret-Pass-4711";

  @TempDir Path root;
  private Path data;
  private Path emptyLineFile;
  private Path crlfFile;

  @BeforeEach
  void createFiles() throws IOException {
    data = Files.createDirectory(root.resolve("data"));
    emptyLineFile = Files.writeString(root.resolve("empty-line"), "\n");
    crlfFile = Files.writeString(root.resolve("crlf"), SECRET + "\r\n");
    assertEquals(0, run("", List.of("register", "existing", AUTH, SECRET)).exitCode);
  }

  private CliRun run(String stdin, List<String> args) {
    List<String> full = new ArrayList<>(List.of("--data-path", data.toString()));
    full.addAll(args);
    CliEnvironment environment =
        new CliEnvironment(
            Map.of("EMPTY_SECRET", "", "CR_SECRET", SECRET + "\r"),
            CliRun.ENVIRONMENT.prosodyVersionFile(),
            CliRun.ENVIRONMENT.defaultConfigFile());
    return CliRun.run(environment, stdin, full.toArray(String[]::new));
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  static Stream<Arguments> commandsThatReadAPassword() {
    return Stream.of(
        Arguments.of(List.of("register", "new", AUTH)),
        Arguments.of(List.of("adduser", "new@" + AUTH)),
        Arguments.of(List.of("passwd", "existing@" + AUTH)),
        Arguments.of(List.of("ensure", "new", AUTH)),
        Arguments.of(List.of("ensure", "existing", AUTH)),
        Arguments.of(List.of("verify", "existing@" + AUTH)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commandsThatReadAPassword")
  void emptyLineIsNoPassword(List<String> command) throws IOException {
    byte[] before = Files.readAllBytes(data.resolve("auth%2eexample%2eorg/accounts/existing.dat"));
    Map<String, List<String>> sources =
        Map.of(
            "standard input contains only an empty line", List.of("--password-stdin"),
            "password file " + emptyLineFile + " contains only an empty line",
                List.of("--password-file", emptyLineFile.toString()),
            "environment variable EMPTY_SECRET is empty", List.of("--password-env", "EMPTY_SECRET"));

    for (Map.Entry<String, List<String>> source : sources.entrySet()) {
      CliRun text = run("\n", concat(source.getValue(), command));
      CliRun json = run("\n", concat(source.getValue(), concat(command, List.of("--json"))));

      assertEquals(ExitCode.USAGE, text.exitCode, text.toString());
      assertTrue(text.err.startsWith(CliRun.PROGRAM + ": " + source.getKey() + ": "), text.toString());
      assertEquals(ExitCode.USAGE, json.exitCode, json.toString());
      assertEquals("no_password", JsonDocuments.errorCode(JsonDocuments.parse(json)), json.toString());
    }
    assertFalse(Files.exists(data.resolve("auth%2eexample%2eorg/accounts/new.dat")));
    assertTrue(
        java.util.Arrays.equals(before, Files.readAllBytes(data.resolve("auth%2eexample%2eorg/accounts/existing.dat"))),
        "the existing account changed");
  }

  @Test
  void emptyLineMessageNamesTheFix() throws IOException {
    CliRun run = run("", List.of("--password-file", emptyLineFile.toString(), "register", "new", AUTH));

    assertEquals(
        CliRun.PROGRAM + ": password file " + emptyLineFile + " contains only an empty line: give the password on one line\n",
        run.err);
  }

  @Test
  void zeroByteFileStaysRejected() throws IOException {
    Path empty = Files.writeString(root.resolve("empty"), "");

    CliRun run = run("", List.of("--password-file", empty.toString(), "ensure", "new", AUTH));

    assertEquals(ExitCode.USAGE, run.exitCode, run.toString());
    assertEquals(CliRun.PROGRAM + ": password file " + empty + " is empty: give the password on one line\n", run.err);
  }

  @Test
  void prosodyctlPromptsStillAcceptEmptyPassword() {
    CliRun adduser = run("\n\n", List.of("adduser", "dave@" + AUTH));
    CliRun register = run("\n\n", List.of("register", "erin", AUTH));

    assertEquals(0, adduser.exitCode, adduser.toString());
    assertEquals(0, register.exitCode, register.toString());
    assertTrue(Files.exists(data.resolve("auth%2eexample%2eorg/accounts/dave.dat")));
    assertTrue(Files.exists(data.resolve("auth%2eexample%2eorg/accounts/erin.dat")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("passwordOptions")
  void ensureRejectsPasswordGivenTwice(List<String> option, String description) {
    CliRun text = run(SECRET + "\n", concat(option, List.of("ensure", "new", AUTH, "argument-secret")));
    CliRun json = run(SECRET + "\n", concat(option, List.of("--json", "ensure", "new", AUTH, "argument-secret")));

    assertEquals(ExitCode.USAGE, text.exitCode, text.toString());
    assertEquals(
        CliRun.PROGRAM + ": the password is given twice: as an argument and by " + description + "\n", text.err);
    assertEquals("", text.out);
    assertEquals(ExitCode.USAGE, json.exitCode, json.toString());
    JsonNode document = JsonDocuments.parse(json, SECRET, "argument-secret");
    assertEquals("usage", JsonDocuments.errorCode(document));
    assertFalse(Files.exists(data.resolve("auth%2eexample%2eorg/accounts/new.dat")));
  }

  static Stream<Arguments> passwordOptions() throws IOException {
    Path file = Files.createTempFile("password", "");
    file.toFile().deleteOnExit();
    Files.writeString(file, SECRET + "\n");
    return Stream.of(
        Arguments.of(List.of("--password-stdin"), "standard input"),
        Arguments.of(List.of("--password-file", file.toString()), "file " + file),
        Arguments.of(List.of("--password-env", "CR_SECRET"), "environment variable CR_SECRET"));
  }

  @Test
  void crlfFileGetsHint() {
    String hint =
        "The password ends in a carriage return because the file has Windows line endings (CRLF):"
            + " convert it with dos2unix " + crlfFile + ".";

    CliRun register = run("", List.of("--password-file", crlfFile.toString(), "register", "new", AUTH));
    CliRun ensure = run("", List.of("--password-file", crlfFile.toString(), "ensure", "new", AUTH));
    CliRun passwd = run("", List.of("--password-file", crlfFile.toString(), "passwd", "existing@" + AUTH));
    CliRun json = run("", List.of("--json", "--password-file", crlfFile.toString(), "ensure", "new", AUTH));

    assertEquals(ExitCode.FAILURE, register.exitCode, register.toString());
    assertEquals("Error: Password fails SASLprep\n", register.out);
    assertTrue(register.err.endsWith(" " + hint + "\n"), register.toString());
    assertEquals(ExitCode.FAILURE, ensure.exitCode, ensure.toString());
    assertTrue(ensure.err.endsWith(". " + hint + "\n"), ensure.toString());
    assertEquals(ExitCode.FAILURE, passwd.exitCode, passwd.toString());
    assertTrue(passwd.err.endsWith(" " + hint + "\n"), passwd.toString());
    JsonNode document = JsonDocuments.parse(json, SECRET);
    assertEquals("invalid_password", JsonDocuments.errorCode(document));
    assertTrue(document.get("error").get("message").asText().endsWith(hint), json.toString());
    assertFalse(Files.exists(data.resolve("auth%2eexample%2eorg/accounts/new.dat")));
  }

  @Test
  void verifyMismatchGetsCrlfHint() {
    CliRun file = run("", List.of("--password-file", crlfFile.toString(), "verify", "existing@" + AUTH));
    CliRun stdin = run(SECRET + "\r\n", List.of("verify", "existing@" + AUTH));

    assertEquals(ExitCode.FAILURE, file.exitCode, file.toString());
    assertTrue(file.err.contains("does not match. The password ends in a carriage return because the file has"
        + " Windows line endings (CRLF): convert it with dos2unix " + crlfFile + "."), file.toString());
    assertEquals(ExitCode.FAILURE, stdin.exitCode, stdin.toString());
    assertTrue(stdin.err.contains("because standard input has Windows line endings (CRLF)"), stdin.toString());
  }

  @Test
  void carriageReturnHintNamesEachSource() {
    CliRun stdin = run(SECRET + "\r\n", List.of("--password-stdin", "register", "new", AUTH));
    CliRun environment = run("", List.of("--password-env", "CR_SECRET", "register", "new", AUTH));
    CliRun prompt = run(SECRET + "\r\n" + SECRET + "\r\n", List.of("adduser", "new@" + AUTH));
    CliRun argument = run("", List.of("register", "new", AUTH, SECRET + "\r"));
    CliRun tab = run(SECRET + "\t\n", List.of("--password-stdin", "register", "new", AUTH));

    assertTrue(stdin.err.contains("because standard input has Windows line endings (CRLF)"), stdin.toString());
    assertTrue(environment.err.contains("because environment variable CR_SECRET ends with one: remove it."), environment.toString());
    assertTrue(prompt.err.contains("because standard input has Windows line endings (CRLF)"), prompt.toString());
    assertEquals(ExitCode.FAILURE, argument.exitCode, argument.toString());
    assertFalse(argument.err.contains("carriage return because"), argument.toString());
    assertEquals(ExitCode.FAILURE, tab.exitCode, tab.toString());
    assertFalse(tab.err.contains("carriage return because"), tab.toString());
  }

  @Test
  void verifySurplusArgumentExplainsPassword() {
    CliRun text = run(SECRET + "\n", List.of("--password-stdin", "verify", "existing@" + AUTH, "extra"));
    CliRun json = run(SECRET + "\n", List.of("--json", "--password-stdin", "verify", "existing@" + AUTH, "extra"));

    assertEquals(ExitCode.USAGE, text.exitCode, text.toString());
    assertEquals("", text.out);
    assertEquals(
        CliRun.PROGRAM + ": too many arguments: verify takes one JID, and the password comes from standard"
            + " input or a --password-* option, not from an argument\n",
        text.err);
    assertEquals(ExitCode.USAGE, json.exitCode, json.toString());
    assertEquals("usage", JsonDocuments.errorCode(JsonDocuments.parse(json, SECRET)));
  }

  static Stream<Arguments> surplusArgumentsWithPasswordOption() {
    return Stream.of(
        Arguments.of(List.of("adduser", "new@" + AUTH, "extra")),
        Arguments.of(List.of("passwd", "existing@" + AUTH, "extra")),
        Arguments.of(List.of("register", "new", AUTH, "pass", "word")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("surplusArgumentsWithPasswordOption")
  void passwordOptionDropsQuotingHint(List<String> command) throws IOException {
    byte[] before = Files.readAllBytes(data.resolve("auth%2eexample%2eorg/accounts/existing.dat"));

    CliRun run = run(SECRET + "\n", concat(List.of("--password-stdin"), command));

    assertEquals(ExitCode.USAGE, run.exitCode, run.toString());
    assertTrue(run.err.startsWith(CliRun.PROGRAM + ": too many arguments: the usage is "), run.toString());
    assertFalse(run.err.contains("quote"), run.toString());
    assertFalse(Files.exists(data.resolve("auth%2eexample%2eorg/accounts/new.dat")));
    assertTrue(
        java.util.Arrays.equals(before, Files.readAllBytes(data.resolve("auth%2eexample%2eorg/accounts/existing.dat"))),
        "the existing account changed");
  }

  @Test
  void surplusArgumentHintFitsTheCommand() {
    CliRun register = run("", List.of("register", "new", AUTH, "pass", "word"));
    CliRun adduser = run("", List.of("adduser", "new@" + AUTH, "pass word"));
    CliRun deluser = run("", List.of("deluser", "existing@" + AUTH, "extra"));

    assertEquals(ExitCode.USAGE, register.exitCode, register.toString());
    assertTrue(register.err.endsWith(" (quote a password that contains spaces)\n"), register.toString());
    assertEquals(ExitCode.USAGE, adduser.exitCode, adduser.toString());
    assertTrue(
        adduser.err.endsWith(" (adduser takes no password argument: it asks for the password, or reads it with a"
            + " --password-* option)\n"),
        adduser.toString());
    assertEquals(ExitCode.USAGE, deluser.exitCode, deluser.toString());
    assertEquals(CliRun.PROGRAM + ": too many arguments: the usage is " + CliRun.PROGRAM + " deluser JID\n", deluser.err);
  }
}
