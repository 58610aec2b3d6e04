package org.prosodyaccounts.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prosodyaccounts.cli.CommandHarness;

/**
 * Runs every reading command of the command line and of the library over hostile account files
 * and configurations: code, loops, memory bombs, deep nesting, huge and sparse files, binary
 * chunks, invalid UTF-8, names that decode to {@code ..}, {@code /} or NUL, and sandbox escapes.
 * All commands run in one child JVM with a 64 MiB heap (see {@link CommandHarness}).
 *
 * <p>Each command must end within {@link #COMMAND_BOUND} with an exit code and a message, and
 * without a stack trace. Nothing outside the data directory may change: the files try to create
 * {@code PWNED} in the working directory, and a second account in the same data directory must
 * keep its file.
 */
class HostileInputTest {

  private static final Path CORPUS = Path.of("testdata/hostile");
  private static final String HOST = "auth.meet.example.org";
  private static final String HOST_FOLDER = "auth%2emeet%2eexample%2eorg";
  private static final String VALID_RECORD = "return {\n\t[\"password\"] = \"alice-secret\";\n};\n";
  private static final Duration COMMAND_BOUND = Duration.ofSeconds(15);
  private static final Duration CHILD_BOUND = Duration.ofMinutes(5);
  private static final String HEAP = "-Xmx64m";
  private static final java.util.Set<String> WALL_CLOCK_CONFIGS = java.util.Set.of("pattern_backtracking.cfg.lua");

  @TempDir Path work;

  /** One input: a data directory prepared for it, and the commands to run over it. */
  private record Case(String label, Path data, List<List<String>> commands) {}

  @Test
  void hostileAccountFilesEndInClearErrors() throws Exception {
    List<Case> cases = new ArrayList<>();
    try (Stream<Path> files = Files.list(CORPUS.resolve("accounts"))) {
      for (Path file : files.sorted().toList()) {
        cases.add(accountCase(file.getFileName().toString(), Files.readAllBytes(file)));
      }
    }
    cases.add(accountCase("generated: tables nested 100000 deep", nested("{", "}", 100_000)));
    cases.add(accountCase("generated: parentheses nested 100000 deep", nested("(", ")", 100_000)));
    cases.add(accountCase("generated: tables nested 30000 deep, under the size limit", nested("{", "}", 30_000)));
    cases.add(accountCase("generated: parentheses nested 30000 deep, under the size limit", nested("(", ")", 30_000)));
    cases.add(accountCase("generated: 64 KiB of one-byte fields, at the size limit", tinyFields(64 << 10)));
    cases.add(accountCase("generated: string of 15 MiB", hugeString(15 << 20)));
    cases.add(accountCase("generated: 16 MiB of one-byte fields", tinyFields(16 << 20)));
    cases.add(accountCase("generated: one byte over the 16 MiB limit", overLimit((16 << 20) + 1)));
    cases.add(sparseCase());
    cases.add(folderInPlaceOfFileCase());
    cases.add(strangeNamesCase());

    Map<String, List<Result>> results = run(cases);

    int commands = 0;
    for (Case c : cases) {
      List<Result> caseResults = results.get(c.label());
      assertEquals(c.commands().size(), caseResults.size(), c.label() + ": a command did not finish");
      for (Result result : caseResults) {
        checkClear(c.label(), result);
        commands++;
      }
      assertEquals(VALID_RECORD, Files.readString(c.data().resolve(HOST_FOLDER + "/accounts/alice.dat")),
          c.label() + ": the other account's file changed");
      Figures.add(Figures.Section.HOSTILE_INPUTS, "| account file: " + c.label() + " | " + summary(caseResults) + " |");
    }
    assertNoMarker();
    Figures.add(Figures.Section.HOSTILE_INPUTS, "| **" + cases.size() + " account files** | **" + commands
        + " commands, each ended with an exit code and a message, without a stack trace; no file created or changed"
        + " outside the data directories** | |");
    System.out.println("hostile account files: " + cases.size() + " inputs, " + commands + " commands");
  }

  @Test
  void hostileConfigurationsEndInClearErrors() throws Exception {
    List<Case> cases = new ArrayList<>();
    try (Stream<Path> files = Files.list(CORPUS.resolve("config"))) {
      for (Path file : files.sorted().toList()) {
        cases.add(configCase(file.getFileName().toString(), Files.readAllBytes(file)));
      }
    }
    cases.add(configCase("generated: tables nested 100000 deep", ("x = " + "{".repeat(100_000) + "}".repeat(100_000))
        .getBytes(StandardCharsets.US_ASCII)));
    Case sparse = configCase("generated: sparse file of 1 GiB", "x = 1\n".getBytes(StandardCharsets.US_ASCII));
    try (RandomAccessFile file = new RandomAccessFile(sparse.data().resolveSibling("prosody.cfg.lua").toFile(), "rw")) {
      file.setLength(1L << 30);
    }
    cases.add(sparse);

    Map<String, List<Result>> results = run(cases);

    int commands = 0;
    for (Case c : cases) {
      List<Result> caseResults = results.get(c.label());
      assertEquals(c.commands().size(), caseResults.size(), c.label() + ": a command did not finish");
      for (Result result : caseResults) {
        checkClear(c.label(), result);
        assertEquals(7, result.exitCode(), c.label() + " " + result.label() + ": the configuration must be rejected\n" + result);
        assertTrue(result.err().contains("Cannot read the Prosody configuration: "), result.toString());
        assertTrue(result.err().contains("prosody.cfg.lua") || result.err().contains("/dev/"), result.toString());
        commands++;
      }
      Figures.add(Figures.Section.HOSTILE_INPUTS, "| configuration: " + c.label() + " | " + summary(caseResults) + " |");
    }
    assertNoMarker();
    Figures.add(Figures.Section.HOSTILE_INPUTS, "| **" + cases.size() + " configurations** | **" + commands
        + " commands, each rejected the configuration with exit code 7 and a message that names it, without a stack"
        + " trace; no file created or changed outside the data directories** | |");
    System.out.println("hostile configurations: " + cases.size() + " inputs, " + commands + " commands");
  }

  private Case accountCase(String label, byte[] content) throws IOException {
    Case c = newCase(label);
    Files.write(c.data().resolve(HOST_FOLDER + "/accounts/jvb.dat"), content);
    return c;
  }

  private Case sparseCase() throws IOException {
    Case c = newCase("generated: sparse file of 1 GiB");
    Path file = c.data().resolve(HOST_FOLDER + "/accounts/jvb.dat");
    Files.writeString(file, "return {");
    try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength(1L << 30);
    }
    return c;
  }

  private Case folderInPlaceOfFileCase() throws IOException {
    Case c = newCase("generated: folder named jvb.dat");
    Files.createDirectory(c.data().resolve(HOST_FOLDER + "/accounts/jvb.dat"));
    return c;
  }

  /** Files whose names decode to {@code ..}, {@code a/b}, NUL, invalid UTF-8 or uppercase hex. */
  private Case strangeNamesCase() throws Exception {
    Case c = newCase("generated: names %2e%2e.dat, a%2fb.dat, %00.dat, %ff.dat, %2E.dat and a raw 0xFF byte");
    Path accounts = c.data().resolve(HOST_FOLDER + "/accounts");
    for (String name : List.of("%2e%2e.dat", "a%2fb.dat", "%00.dat", "%ff.dat", "%2E.dat", "jvb.dat")) {
      Files.writeString(accounts.resolve(name), "return {\n\t[\"password\"] = \"" + name + "\";\n};\n");
    }
    Process process =
        new ProcessBuilder("sh", "-c", "printf 'return {};\\n' > \"$(printf '\\377')x.dat\"").directory(accounts.toFile()).start();
    assertTrue(process.waitFor(10, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue());
    List<List<String>> commands = new ArrayList<>(c.commands());
    commands.add(0, List.of("--data-path", c.data().toString(), "verify", "..@" + HOST));
    commands.add(0, List.of("lib:record", c.data().toString(), HOST, "..", ""));
    commands.add(0, List.of("lib:record", c.data().toString(), HOST, "a/b", ""));
    return new Case(c.label(), c.data(), commands);
  }

  private Case newCase(String label) throws IOException {
    Path folder = Files.createDirectory(work.resolve("case-" + work.toFile().list().length));
    Path data = Files.createDirectory(folder.resolve("data"));
    Path accounts = Files.createDirectories(data.resolve(HOST_FOLDER + "/accounts"));
    Files.writeString(accounts.resolve("alice.dat"), VALID_RECORD);
    String dataPath = data.toString();
    List<List<String>> commands =
        List.of(
            List.of("--data-path", dataPath, "verify", "jvb@" + HOST),
            List.of("--data-path", dataPath, "list", HOST),
            List.of("--data-path", dataPath, "doctor"),
            List.of("lib:record", dataPath, HOST, "jvb", ""),
            List.of("lib:verify", dataPath, HOST, "jvb", "secret"),
            List.of("lib:list", dataPath, HOST, "", ""),
            List.of("--data-path", dataPath, "passwd", "jvb@" + HOST),
            List.of("--data-path", dataPath, "deluser", "jvb@" + HOST));
    return new Case(label, data, commands);
  }

  private Case configCase(String label, byte[] content) throws IOException {
    Case c = newCase(label);
    Files.writeString(c.data().resolve(HOST_FOLDER + "/accounts/jvb.dat"), VALID_RECORD);
    Path config = Files.write(c.data().resolveSibling("prosody.cfg.lua"), content);
    List<List<String>> commands = new ArrayList<>();
    List<List<String>> reading =
        List.of(
            List.of("verify", "jvb@" + HOST),
            List.of("list", HOST),
            List.of("doctor"),
            List.of("passwd", "jvb@" + HOST),
            List.of("deluser", "jvb@" + HOST));
    // Every command reads the configuration the same way before it starts, so a configuration
    // that reaches the 10 s wall-clock bound runs one command only, to keep the test short.
    for (List<String> command : WALL_CLOCK_CONFIGS.contains(label) ? reading.subList(0, 1) : reading) {
      List<String> withConfig = new ArrayList<>(List.of("--config", config.toString()));
      withConfig.addAll(command);
      commands.add(withConfig);
    }
    return new Case(label, c.data(), commands);
  }

  /** The outcome of one command in the child JVM. */
  private record Result(String label, int exitCode, long millis, String out, String err) {
    @Override
    public String toString() {
      return label + ": exit " + exitCode + " in " + millis + " ms\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private Map<String, List<Result>> run(List<Case> cases) throws Exception {
    List<String> lines = new ArrayList<>();
    Map<String, String> caseOfCommand = new LinkedHashMap<>();
    for (Case c : cases) {
      for (List<String> command : c.commands()) {
        String id = "c" + caseOfCommand.size();
        caseOfCommand.put(id, c.label());
        String stdin = command.contains("passwd") ? "new-pw\nnew-pw\n" : "secret\n";
        lines.add(id + "\t" + Base64.getEncoder().encodeToString(stdin.getBytes(StandardCharsets.UTF_8)) + "\t"
            + String.join("\t", command));
      }
    }
    Path commandFile = Files.write(work.resolve("commands.txt"), lines, StandardCharsets.UTF_8);
    Path resultFile = work.resolve("results.txt");
    Map<String, String> outsideBefore = outsideDataDirectories();

    Process process =
        new ProcessBuilder(ChildJvm.command(List.of(HEAP, "-Xss1m"), CommandHarness.class,
                List.of(commandFile.toString(), resultFile.toString())))
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("child-output.txt").toFile())
            .start();
    boolean ended = process.waitFor(CHILD_BOUND.toSeconds(), TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly().waitFor();
    }
    String childOutput = Files.readString(work.resolve("child-output.txt"));
    assertTrue(ended, "the child JVM did not end within " + CHILD_BOUND + ": " + childOutput);
    assertEquals(0, process.exitValue(), "the child JVM failed, such as with OutOfMemoryError: " + childOutput);

    Map<String, List<Result>> results = new LinkedHashMap<>();
    for (String line : Files.readAllLines(resultFile, StandardCharsets.UTF_8)) {
      String[] fields = line.split("\t", -1);
      String[] command = lines.get(Integer.parseInt(fields[0].substring(1))).split("\t");
      String label = command[2].startsWith("lib:") ? command[2] : String.join(" ", List.of(command).subList(4, command.length));
      Result result = new Result(label, Integer.parseInt(fields[1]), Long.parseLong(fields[2]), decode(fields[3]), decode(fields[4]));
      results.computeIfAbsent(caseOfCommand.get(fields[0]), k -> new ArrayList<>()).add(result);
    }
    assertEquals(outsideBefore, outsideDataDirectories(), "something outside the data directories changed");
    return results;
  }

  /** Snapshots the working folder without the data directories, which passwd and deluser may change. */
  private Map<String, String> outsideDataDirectories() throws IOException {
    Map<String, String> snapshot = new LinkedHashMap<>(TreeSnapshot.of(work));
    snapshot.keySet().removeIf(path -> path.matches("case-\\d+/data(/.*)?") || path.startsWith("results.txt")
        || path.startsWith("child-output.txt") || path.equals("."));
    return snapshot;
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  private static void checkClear(String input, Result result) {
    String context = input + " / " + result;
    assertNotEquals(-2, result.exitCode(), "a throwable escaped: " + context);
    assertTrue(result.millis() < COMMAND_BOUND.toMillis(), "took too long: " + context);
    String output = result.out() + result.err();
    assertFalse(output.contains("\tat "), "stack trace: " + context);
    assertFalse(output.contains("Exception in thread"), context);
    assertFalse(output.contains("org.luaj"), context);
    assertFalse(output.contains("java.lang."), context);
    if (result.exitCode() != 0) {
      assertFalse(output.isBlank(), "a failure without a message: " + context);
    }
  }

  private void assertNoMarker() throws IOException {
    try (Stream<Path> paths = Files.walk(work)) {
      assertEquals(List.of(), paths.filter(p -> p.getFileName().toString().startsWith("PWNED")).toList());
    }
  }

  /** Summarizes a case's outcomes as {@code command: exit code, first words of the message}. */
  private static String summary(List<Result> results) {
    List<String> parts = new ArrayList<>();
    long maxMillis = 0;
    for (Result result : results) {
      maxMillis = Math.max(maxMillis, result.millis());
      String message = (result.err().isBlank() ? result.out() : result.err()).strip();
      String firstLine = message.isEmpty() ? "" : message.lines().findFirst().orElse("");
      parts.add(result.label().split(" ")[0].replace("--data-path", "").strip() + " " + result.exitCode());
      if (parts.size() == 1) {
        parts.set(0, parts.get(0) + " (" + shorten(firstLine.replaceAll(".*/(case-\\d+)/", ".../"), 110) + ")");
      }
    }
    return String.join(", ", parts).replace("|", "\\|") + " | " + maxMillis + " ms";
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }

  private static byte[] nested(String open, String close, int depth) {
    return ("return " + open.repeat(depth) + close.repeat(depth) + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] hugeString(int length) {
    return ("return { password = \"" + "a".repeat(length) + "\" };\n").getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] tinyFields(int size) {
    StringBuilder source = new StringBuilder(size);
    source.append("return {");
    while (source.length() < size - 4) {
      source.append("1,");
    }
    return source.append("};\n").toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] overLimit(int size) {
    byte[] source = new byte[size];
    byte[] prefix = "return {};\n--".getBytes(StandardCharsets.US_ASCII);
    java.util.Arrays.fill(source, (byte) 'x');
    System.arraycopy(prefix, 0, source, 0, prefix.length);
    return source;
  }
}
