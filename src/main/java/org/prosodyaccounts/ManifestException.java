package org.prosodyaccounts;

import java.util.List;
import java.util.Optional;

/**
 * Thrown when a manifest is invalid. Nothing was written: the whole manifest is checked before
 * the first file is.
 */
public final class ManifestException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<ManifestProblem> problems;
  private final transient Manifest validItems;

  /** Creates the exception; {@code problems} must not be empty. */
  public ManifestException(List<ManifestProblem> problems) {
    this(problems, null);
  }

  /** Creates the exception with the manifest of the items that passed the checks, or null. */
  ManifestException(List<ManifestProblem> problems, Manifest validItems) {
    super(summary(problems));
    this.problems = List.copyOf(problems);
    this.validItems = validItems;
  }

  /** Returns every problem found, in manifest order. */
  public List<ManifestProblem> problems() {
    return problems;
  }

  /**
   * Returns the manifest of the items that passed the checks of {@link Manifest#read}, or empty
   * when the input was not valid JSON or the exception comes from elsewhere.
   * {@link ProsodyAccounts#check} finds the host and roster problems of these items, so that one
   * run can report every problem. Nothing may be applied from it.
   */
  public Optional<Manifest> validItems() {
    return Optional.ofNullable(validItems);
  }

  /** Returns true when a problem is of kind {@link ManifestProblem.Kind#SCHEMA}. */
  public boolean hasSchemaProblem() {
    return problems.stream().anyMatch(problem -> problem.kind() == ManifestProblem.Kind.SCHEMA);
  }

  private static String summary(List<ManifestProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a manifest exception needs at least one problem");
    }
    String first = problems.get(0).toString();
    int more = problems.size() - 1;
    if (more == 0) {
      return first;
    }
    return first + "; " + more + (more == 1 ? " more problem" : " more problems");
  }
}
