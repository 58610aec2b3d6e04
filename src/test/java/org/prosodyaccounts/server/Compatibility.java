package org.prosodyaccounts.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The results of the integration tests against real Prosody, collected while they run, from which
 * {@link CompatibilityReport} writes the compatibility table. Thread-safe.
 */
public final class Compatibility {

  /**
   * One check against one release.
   *
   * @param mechanism the SASL mechanism of the login it made, or empty for a check that needs no
   *     login (file contents, {@code verify})
   * @param detail the failure message, or empty when it passed
   */
  public record Result(
      Scenario scenario, String check, ProsodyRelease release, Optional<Mechanism> mechanism, boolean passed,
      String detail) {}

  /**
   * A fact observed on one release, such as the mechanisms a host offers or the mode of a file the
   * server wrote.
   */
  public record Fact(Scenario scenario, String subject, ProsodyRelease release, String value) {}

  private static final List<Result> RESULTS = new ArrayList<>();
  private static final List<Fact> FACTS = new ArrayList<>();

  private Compatibility() {}

  /** Records the result of one check. */
  public static synchronized void record(Result result) {
    RESULTS.add(result);
  }

  /** Records an observed fact; a later value for the same subject and release replaces it. */
  public static synchronized void fact(Scenario scenario, String subject, ProsodyRelease release, String value) {
    FACTS.removeIf(f -> f.scenario() == scenario && f.subject().equals(subject) && f.release() == release);
    FACTS.add(new Fact(scenario, subject, release, value));
  }

  /** Returns the results recorded so far, in their order. */
  public static synchronized List<Result> results() {
    return List.copyOf(RESULTS);
  }

  /** Returns the facts recorded so far, in their order. */
  public static synchronized List<Fact> facts() {
    return List.copyOf(FACTS);
  }
}
