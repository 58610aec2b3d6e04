package org.prosodyaccounts.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.MultipleFailuresError;

/**
 * The checks of one test method against one release: each runs, its result goes into the
 * compatibility table, and {@link #assertAllPassed()} then fails the test with every failure, so
 * one wrong login does not hide the others.
 */
public final class ScenarioChecks {

  private final Scenario scenario;
  private final ProsodyRelease release;
  private final List<Throwable> failures = new ArrayList<>();

  /** Starts the checks of {@code scenario} against {@code release}. */
  public ScenarioChecks(Scenario scenario, ProsodyRelease release) {
    this.scenario = scenario;
    this.release = release;
  }

  /**
   * Runs a check that logged in with {@code mechanism}, or that needs no login when it is null,
   * and records its result. The check's assertion messages must name the release, the mechanism
   * and the file, and {@link #describe} builds that prefix.
   */
  public void check(String name, Mechanism mechanism, Executable check) {
    Throwable failure = null;
    try {
      check.execute();
    } catch (Throwable e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (e instanceof Error && !(e instanceof AssertionError)) {
        throw (Error) e;
      }
      failure = e;
      failures.add(e);
    }
    Compatibility.record(
        new Compatibility.Result(
            scenario, name, release, Optional.ofNullable(mechanism), failure == null,
            failure == null ? "" : String.valueOf(failure.getMessage())));
  }

  /** Runs a check that needs no login, as {@link #check(String, Mechanism, Executable)} does. */
  public void check(String name, Executable check) {
    check(name, null, check);
  }

  /** Records a fact observed on this release, for the table. */
  public void fact(String subject, String value) {
    Compatibility.fact(scenario, subject, release, value);
  }

  /** Returns "Prosody 13.0.1, SCRAM-SHA-1, FILE", the prefix of every failure message. */
  public String describe(Mechanism mechanism, Object file) {
    return release.label() + ", " + (mechanism == null ? "no login" : mechanism.saslName()) + ", " + file;
  }

  /** Fails the calling test with every failed check, or does nothing when all passed. */
  public void assertAllPassed() {
    if (failures.size() == 1) {
      Throwable only = failures.get(0);
      if (only instanceof AssertionError) {
        throw (AssertionError) only;
      }
      throw new AssertionError(only.toString(), only);
    }
    if (!failures.isEmpty()) {
      throw new MultipleFailuresError(scenario.title() + " on " + release.label(), failures);
    }
  }
}
