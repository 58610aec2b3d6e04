package org.prosodyaccounts;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Checks account files with Debian's installed Prosody: its {@code util.datamanager} finds and
 * loads each file by user and host, and its SCRAM code tests the password, as a login does.
 *
 * <p>Without {@code lua5.4} and Prosody the calling test is skipped, unless the environment
 * variable {@code PROSODY_ACCOUNTS_REQUIRE_PROSODY=1} makes it fail, as it does in CI.
 */
public final class ProsodyJudge {

  /** Where Debian's prosody package installs Prosody's Lua modules. */
  public static final Path PROSODY_SOURCE = Path.of("/usr/lib/prosody");

  private static final Path LUA = Path.of("/usr/bin/lua5.4");

  private ProsodyJudge() {}

  /** One account to check: the prepped host and user, the hash ({@code plain}, {@code SHA-1}, {@code SHA-256}) and a password. */
  public record Case(String host, String user, String hash, String password) {}

  /**
   * The verdict on one case.
   *
   * @param status {@code OK}, {@code MISMATCH}, {@code DISABLED}, {@code MISSING} or {@code ERROR ...}
   * @param fields the record's fields as {@code key=type}, sorted, such as
   *     {@code iteration_count=integer,salt=string}
   */
  public record Verdict(String status, String fields) {}

  /** Skips the calling test when Prosody is missing, or fails it when Prosody is required. */
  public static void assumeAvailable() {
    boolean available =
        Files.isExecutable(LUA) && Files.isRegularFile(PROSODY_SOURCE.resolve("util/datamanager.lua"));
    if (available) {
      return;
    }
    String message =
        "Prosody is not installed (needs /usr/bin/lua5.4 and /usr/lib/prosody): apt-get install prosody lua5.4";
    if ("1".equals(System.getenv("PROSODY_ACCOUNTS_REQUIRE_PROSODY"))) {
      fail(message + " (PROSODY_ACCOUNTS_REQUIRE_PROSODY=1 makes this a failure)");
    }
    Assumptions.abort(message);
  }

  /** Checks {@code cases} against the files under {@code dataPath}, in one Lua process. */
  public static List<Verdict> check(Path dataPath, List<Case> cases) throws IOException, InterruptedException {
    assumeAvailable();
    Path script = Files.createTempFile("check-accounts", ".lua");
    try (InputStream resource = ProsodyJudge.class.getResourceAsStream("/prosody/check-accounts.lua")) {
      Files.write(script, resource.readAllBytes());
      return run(script, dataPath, cases);
    } finally {
      Files.deleteIfExists(script);
    }
  }

  /** One string to prepare: the profile's name in Prosody ({@code nodeprep}, ...), strictness and input. */
  public record PrepCase(String profile, boolean strict, String input) {}

  /**
   * Prepares each case's input with Prosody's {@code util.encodings.stringprep}, in one Lua
   * process.
   *
   * @return per case, the prepared string, or null when Prosody rejects the input
   */
  public static List<String> prep(List<PrepCase> cases) throws IOException, InterruptedException {
    assumeAvailable();
    Path script = Files.createTempFile("prep-strings", ".lua");
    Path input = Files.createTempFile("prep-strings", ".txt");
    try (InputStream resource = ProsodyJudge.class.getResourceAsStream("/prosody/prep-strings.lua")) {
      Files.write(script, resource.readAllBytes());
      StringBuilder lines = new StringBuilder();
      for (PrepCase c : cases) {
        lines.append(c.profile()).append('\t').append(c.strict() ? '1' : '0').append('\t')
            .append(HexFormat.of().formatHex(c.input().getBytes(StandardCharsets.UTF_8))).append('\n');
      }
      Files.writeString(input, lines, StandardCharsets.UTF_8);
      Process process =
          new ProcessBuilder(LUA.toString(), script.toString(), PROSODY_SOURCE.toString())
              .redirectInput(input.toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("Prosody's stringprep did not finish in 60 s");
      }
      List<String> results = new ArrayList<>(cases.size());
      // An empty result is an empty line, so only the text after the last newline is dropped.
      String[] outputLines = output.split("\n", -1);
      for (String line : Arrays.asList(outputLines).subList(0, outputLines.length - 1)) {
        results.add(line.equals("rejected") ? null : new String(HexFormat.of().parseHex(line), StandardCharsets.UTF_8));
      }
      if (results.size() != cases.size()) {
        fail("Prosody's stringprep returned " + results.size() + " results for " + cases.size() + " cases (exit "
            + process.exitValue() + ")");
      }
      return results;
    } finally {
      Files.deleteIfExists(script);
      Files.deleteIfExists(input);
    }
  }

  private static List<Verdict> run(Path script, Path dataPath, List<Case> cases)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(LUA.toString(), script.toString(), PROSODY_SOURCE.toString(), dataPath.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try (OutputStream stdin = process.getOutputStream()) {
      StringBuilder input = new StringBuilder();
      for (Case c : cases) {
        String passwordHex = HexFormat.of().formatHex(c.password().getBytes(StandardCharsets.UTF_8));
        input.append(c.host()).append('\t').append(c.user()).append('\t').append(c.hash()).append('\t').append(passwordHex).append('\n');
      }
      stdin.write(input.toString().getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("Prosody's Lua check did not finish in 60 s");
    }
    List<Verdict> verdicts = new ArrayList<>();
    for (String line : output.split("\n", -1)) {
      if (!line.isEmpty()) {
        int tab = line.indexOf('\t');
        verdicts.add(new Verdict(line.substring(0, tab), line.substring(tab + 1)));
      }
    }
    if (verdicts.size() != cases.size()) {
      fail("Prosody's Lua check returned " + verdicts.size() + " verdicts for " + cases.size() + " cases (exit "
          + process.exitValue() + "):\n" + output);
    }
    return verdicts;
  }
}
