package org.prosodyaccounts.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.prosodyaccounts.HostAccounts;
import org.prosodyaccounts.ProsodyAccounts;
import org.prosodyaccounts.auth.AuthSettings;

/**
 * Runs many commands in one child JVM, each in-process as {@code Main} would, and writes each
 * one's exit code, time and output to a file. The reliability tests start it with a small heap,
 * so that a command that needs more memory than a small server has fails the test.
 *
 * <p>Arguments: the command file and the result file. Each line of the command file is a label,
 * standard input and the arguments, separated by tabs, with standard input in Base64. A command
 * whose first argument is {@code lib:record}, {@code lib:verify} or {@code lib:list} calls the
 * library instead: {@code lib:OPERATION DATA_PATH HOST USER PASSWORD}. Each result line is the
 * label, the exit code (or {@code -1} for a library call that threw, {@code -2} for a throwable
 * that escaped), the elapsed milliseconds, and standard output and standard error in Base64.
 */
public final class CommandHarness {

  private CommandHarness() {}

  /** Runs every command of {@code args[0]} and writes the results to {@code args[1]}. */
  public static void main(String[] args) throws Exception {
    List<String> results = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
      String[] fields = line.split("\t", -1);
      String label = fields[0];
      byte[] stdin = Base64.getDecoder().decode(fields[1]);
      String[] arguments = java.util.Arrays.copyOfRange(fields, 2, fields.length);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
      PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
      long start = System.nanoTime();
      int code;
      try {
        if (arguments[0].startsWith("lib:")) {
          code = library(arguments, outStream, errStream);
        } else {
          code =
              new Cli(
                      "prosody-accounts",
                      new ByteArrayInputStream(stdin),
                      outStream,
                      errStream,
                      null,
                      new CliEnvironment(
                          Map.of(), Path.of("/nonexistent/prosody.version"), Path.of("/nonexistent/prosody.cfg.lua")))
                  .run(arguments);
        }
      } catch (Throwable e) { // NOPMD: the test reports any throwable that escapes
        code = -2;
        e.printStackTrace(errStream);
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      results.add(label + "\t" + code + "\t" + millis + "\t" + encode(out) + "\t" + encode(err));
      Files.write(Path.of(args[1]), results, StandardCharsets.UTF_8);
    }
  }

  private static int library(String[] arguments, PrintStream out, PrintStream err) {
    try {
      HostAccounts accounts = ProsodyAccounts.open(Path.of(arguments[1])).host(arguments[2], AuthSettings.defaults());
      switch (arguments[0]) {
        case "lib:record" -> out.println(accounts.record(arguments[3]).isPresent() ? "present" : "absent");
        case "lib:verify" -> out.println(accounts.verify(arguments[3], arguments[4]));
        case "lib:list" -> out.println(accounts.list().users().size() + " users");
        default -> throw new IllegalArgumentException("unknown library call " + arguments[0]);
      }
      return 0;
    } catch (Exception e) {
      err.println(e.getClass().getSimpleName() + ": " + e.getMessage());
      return -1;
    }
  }

  private static String encode(ByteArrayOutputStream stream) {
    return Base64.getEncoder().encodeToString(stream.toByteArray());
  }
}
