package org.prosodyaccounts.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Adds the fuzzing figures to {@link Figures}: the inputs each fuzz target ran in this test run,
 * and the long runs recorded in {@code testdata/fuzz/long-run-*.log}, whose figures are
 * libFuzzer's own closing lines as Jazzer printed them.
 */
final class FuzzRegressionFigures {

  static final Path LONG_RUNS = Path.of("testdata/fuzz");

  private static final Pattern DONE = Pattern.compile("^Done (\\d+) runs in (\\d+) second", Pattern.MULTILINE);
  private static final Pattern COVERAGE = Pattern.compile("DONE\\s+cov: (\\d+) ft: (\\d+) corp: (\\d+)/");
  private static final Pattern CRASHES = Pattern.compile("^# findings: (.*)$", Pattern.MULTILINE);
  private static final Pattern RUN = Pattern.compile("^# run: (.*)$", Pattern.MULTILINE);

  private FuzzRegressionFigures() {}

  static void record() {
    Map<String, long[]> counts = FuzzFigures.counts();
    if (counts.isEmpty()) {
      return;
    }
    String mode = System.getenv("JAZZER_FUZZ") == null || System.getenv("JAZZER_FUZZ").isEmpty()
        ? "regression mode (the seed corpus and the regression inputs, once each)"
        : "fuzzing mode (JAZZER_FUZZ set)";
    Figures.add(Figures.Section.FUZZING, "In this test run, " + mode + ":");
    Figures.add(Figures.Section.FUZZING, "");
    Figures.add(Figures.Section.FUZZING, "| Target | Inputs run | Read without error | Rejected with the reader's own exception |");
    Figures.add(Figures.Section.FUZZING, "|---|---|---|---|");
    counts.forEach((target, count) -> Figures.add(Figures.Section.FUZZING,
        "| `" + target + "` | " + (count[0] + count[1]) + " | " + count[0] + " | " + count[1] + " |"));
    Figures.add(Figures.Section.FUZZING, "");
    Figures.add(Figures.Section.FUZZING, "Long runs, from libFuzzer's closing lines in `testdata/fuzz/long-run-*.log`:");
    Figures.add(Figures.Section.FUZZING, "");
    Figures.add(Figures.Section.FUZZING, "| Target | Run | Duration | Executions | Coverage (edges, features) | Corpus at the end | Findings |");
    Figures.add(Figures.Section.FUZZING, "|---|---|---|---|---|---|---|");
    try (Stream<Path> logs = Files.list(LONG_RUNS)) {
      for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("long-run-")).sorted().toList()) {
        Figures.add(Figures.Section.FUZZING, longRunRow(log));
      }
    } catch (IOException e) {
      Figures.add(Figures.Section.FUZZING, "| (the logs could not be read: " + e.getMessage() + ") | | | | | | |");
    }
  }

  private static String longRunRow(Path log) throws IOException {
    String text = Files.readString(log);
    String target = log.getFileName().toString().replaceFirst("^long-run-", "").replaceFirst("\\.log$", "").replace('-', '#');
    Matcher done = DONE.matcher(text);
    Matcher coverage = COVERAGE.matcher(text);
    Matcher findings = CRASHES.matcher(text);
    Matcher run = RUN.matcher(text);
    if (!done.find() || !coverage.find()) {
      return "| `" + target + "` | the log has no closing lines | | | | | |";
    }
    return "| `" + target + "` | " + (run.find() ? run.group(1) : "") + " | " + done.group(2) + " s | " + done.group(1)
        + " | " + coverage.group(1) + ", " + coverage.group(2) + " | " + coverage.group(3) + " inputs | "
        + (findings.find() ? findings.group(1) : "") + " |";
  }
}
