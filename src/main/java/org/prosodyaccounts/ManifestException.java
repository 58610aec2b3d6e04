package org.prosodyaccounts;

import java.util.List;

/**
 * Thrown when a manifest is invalid. Nothing was written: the whole manifest is checked before
 * the first file is.
 */
public final class ManifestException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<ManifestProblem> problems;

  /** Creates the exception; {@code problems} must not be empty. */
  public ManifestException(List<ManifestProblem> problems) {
    super(summary(problems));
    this.problems = List.copyOf(problems);
  }

  /** Returns every problem found, in manifest order. */
  public List<ManifestProblem> problems() {
    return problems;
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
    return problems.size() == 1 ? first : first + " (and " + (problems.size() - 1) + " more problems)";
  }
}
