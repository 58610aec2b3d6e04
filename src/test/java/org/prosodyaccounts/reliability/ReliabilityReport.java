package org.prosodyaccounts.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes the reliability figures when a test run ends: the template
 * {@code reliability-template.md} with each {@code {{SECTION}}} placeholder replaced by the
 * lines the tests added to {@link Figures}. The result goes to {@code target/reliability.md}
 * always, and to {@code docs/reliability.md} when every section has figures, so that a run of a
 * single test class does not replace the committed page with a partial one. Registered with the
 * JUnit Platform through {@code META-INF/services}.
 */
public final class ReliabilityReport implements TestExecutionListener {

  /** The committed page. */
  public static final Path DOCS_FILE = Path.of("docs/reliability.md");

  /** The page of the latest run, complete or not. */
  public static final Path TARGET_FILE = Path.of("target/reliability.md");

  private static final String TEMPLATE = "/org/prosodyaccounts/reliability/reliability-template.md";

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    FuzzRegressionFigures.record();
    Map<Figures.Section, List<String>> sections = Figures.snapshot();
    if (sections.isEmpty()) {
      return;
    }
    try {
      String page = render(sections, LocalDate.now(ZoneOffset.UTC));
      write(TARGET_FILE, page);
      if (sections.keySet().containsAll(List.of(Figures.Section.values()))) {
        write(DOCS_FILE, page);
        System.out.println("reliability figures written to " + DOCS_FILE.toAbsolutePath());
      } else {
        System.out.println("reliability figures of this partial run written to " + TARGET_FILE.toAbsolutePath()
            + "; " + DOCS_FILE + " is written only when every section ran");
      }
    } catch (IOException e) {
      System.err.println("could not write the reliability figures: " + e);
    }
  }

  /** Fills the template with the figures; a section without figures reads "Not run". */
  static String render(Map<Figures.Section, List<String>> sections, LocalDate date) throws IOException {
    String page;
    try (InputStream in = ReliabilityReport.class.getResourceAsStream(TEMPLATE)) {
      if (in == null) {
        throw new IOException("resource " + TEMPLATE + " is missing");
      }
      page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    page = page.replace("{{DATE}}", date.toString());
    for (Figures.Section section : Figures.Section.values()) {
      List<String> lines = sections.get(section);
      String text = lines == null ? "Not run in this test run." : String.join("\n", lines);
      page = page.replace("{{" + section.name() + "}}", text);
    }
    return page;
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }
}
