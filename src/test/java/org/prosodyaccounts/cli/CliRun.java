package org.prosodyaccounts.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** One in-process run of the command line, with its input and captured output. */
final class CliRun {

  static final String PROGRAM = "/usr/bin/prosodyctl";

  /**
   * An environment without the machine's Prosody: its version file and default configuration do
   * not exist, so the Prosody installed here decides nothing.
   */
  static final CliEnvironment ENVIRONMENT =
      new CliEnvironment(
          java.util.Map.of(), Path.of("/nonexistent/prosody.version"), Path.of("/nonexistent/prosody.cfg.lua"));

  final int exitCode;
  final String out;
  final String err;

  private CliRun(int exitCode, String out, String err) {
    this.exitCode = exitCode;
    this.out = out;
    this.err = err;
  }

  /** Runs {@code args} with {@code stdin} as standard input, no terminal and no machine Prosody. */
  static CliRun run(String stdin, String... args) {
    return run(ENVIRONMENT, stdin, args);
  }

  /** Runs {@code args} in {@code environment} with {@code stdin} as standard input and no terminal. */
  static CliRun run(CliEnvironment environment, String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Cli cli =
        new Cli(
            PROGRAM,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            null,
            environment);
    int code = cli.run(args);
    return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The standard output of a run as it stood at each flush, and the run's exit code. */
  record Flushes(int exitCode, List<String> texts) {}

  /**
   * Runs {@code args} with {@code stdin} and records, at each flush of standard output that
   * {@code keep} accepts, the output so far followed by a line from {@code probe}, which reports
   * what was on disk at that moment.
   */
  static Flushes recordFlushes(String stdin, Predicate<String> keep, Supplier<String> probe, String... args) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<String> texts = new ArrayList<>();
    OutputStream recording =
        new FilterOutputStream(captured) {
          @Override
          public void flush() {
            String text = captured.toString(StandardCharsets.UTF_8);
            if (keep.test(text)) {
              texts.add(text + probe.get());
            }
          }
        };
    Cli cli =
        new Cli(
            PROGRAM,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(recording, false, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            null,
            ENVIRONMENT);
    int exitCode = cli.run(args);
    return new Flushes(exitCode, texts);
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
