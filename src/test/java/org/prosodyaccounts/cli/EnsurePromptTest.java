package org.prosodyaccounts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ensure USER HOST} without a password source prompts twice on a terminal. */
class EnsurePromptTest {

  private static final String AUTH = "auth.example.org";
  private static final String SECRET = "Secret-Pass-4711";

  @TempDir Path data;

  /** A terminal that answers hidden prompts from a list and records the prompts. */
  private static final class ScriptedTerminal implements Terminal {
    final Deque<String> answers;
    final List<String> hiddenPrompts = new ArrayList<>();

    ScriptedTerminal(String... answers) {
      this.answers = new ArrayDeque<>(Arrays.asList(answers));
    }

    @Override
    public char[] readHidden(String prompt) {
      hiddenPrompts.add(prompt);
      String answer = answers.poll();
      return answer == null ? null : answer.toCharArray();
    }

    @Override
    public String readVisible(String prompt) {
      throw new AssertionError("ensure asked a visible question: " + prompt);
    }
  }

  private record Run(int exitCode, String out, String err) {}

  private Run ensure(Terminal terminal, String... extra) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> args = new ArrayList<>(List.of("--data-path", data.toString(), "ensure", "jvb", AUTH));
    args.addAll(List.of(extra));
    int code =
        new Cli(
                CliRun.PROGRAM,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                terminal,
                CliRun.ENVIRONMENT)
            .run(args.toArray(String[]::new));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path accountFile() {
    return data.resolve("auth%2eexample%2eorg/accounts/jvb.dat");
  }

  @Test
  void matchingEntriesCreateTheAccount() {
    ScriptedTerminal terminal = new ScriptedTerminal(SECRET, SECRET);

    Run run = ensure(terminal);

    assertEquals(0, run.exitCode(), run.toString());
    assertEquals("created\n", run.out());
    assertEquals(List.of("Enter new password: ", "Retype new password: "), terminal.hiddenPrompts);
    assertFalse(run.err().contains(SECRET), run.toString());
    assertEquals(0, CliRun.run(SECRET + "\n", "--data-path", data.toString(), "verify", "jvb@" + AUTH).exitCode);
  }

  @Test
  void differingEntriesChangeNothing() {
    Run run = ensure(new ScriptedTerminal(SECRET, SECRET + "x"));

    assertEquals(ExitCode.FAILURE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("the two passwords entered differ"), run.toString());
    assertEquals("", run.out());
    assertFalse(Files.exists(accountFile()));
  }

  @Test
  void differingEntriesInJson() {
    Run run = ensure(new ScriptedTerminal(SECRET, SECRET + "x"), "--json");

    assertEquals(ExitCode.FAILURE, run.exitCode(), run.toString());
    assertTrue(run.out().contains("\"code\":\"password_mismatch\""), run.toString());
    assertFalse(run.out().contains(SECRET), run.toString());
  }

  @Test
  void emptyEntriesAreNoPassword() {
    Run text = ensure(new ScriptedTerminal("", ""));
    Run json = ensure(new ScriptedTerminal("", ""), "--json");

    assertEquals(ExitCode.USAGE, text.exitCode(), text.toString());
    assertTrue(
        text.err().endsWith(
            CliRun.PROGRAM + ": no password: the password entered is empty, so nothing was changed: run the command"
                + " again and type one\n"),
        text.toString());
    assertEquals(ExitCode.USAGE, json.exitCode(), json.toString());
    assertTrue(json.out().contains("\"code\":\"no_password\""), json.toString());
    assertFalse(Files.exists(accountFile()));
  }

  @Test
  void endOfInputIsNoPassword() {
    Run run = ensure(new ScriptedTerminal(SECRET));

    assertEquals(ExitCode.USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("no password"), run.toString());
    assertFalse(Files.exists(accountFile()));
  }

  @Test
  void invalidUserIsReportedBeforeThePrompt() {
    ScriptedTerminal terminal = new ScriptedTerminal(SECRET, SECRET);
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code =
        new Cli(
                CliRun.PROGRAM,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                terminal,
                CliRun.ENVIRONMENT)
            .run(new String[] {"--data-path", data.toString(), "ensure", "a b", AUTH});

    assertEquals(ExitCode.USAGE, code);
    assertEquals(List.of(), terminal.hiddenPrompts);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("Invalid username"));
  }

  @Test
  void withoutTerminalItStillFails() {
    CliRun run = CliRun.run(SECRET + "\n" + SECRET + "\n", "--data-path", data.toString(), "ensure", "jvb", AUTH);

    assertEquals(ExitCode.USAGE, run.exitCode, run.toString());
    assertEquals(
        CliRun.PROGRAM + ": no password: give it as an argument or with --password-stdin, --password-file or --password-env\n",
        run.err);
    assertFalse(Files.exists(accountFile()));
  }
}
