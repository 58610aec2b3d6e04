package org.prosodyaccounts;

import java.util.List;

/**
 * Thrown when the input of an import is invalid. Nothing was written: every entry is checked
 * before the first file is.
 */
public final class ImportException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<ImportProblem> problems;

  /** Creates the exception; {@code problems} must not be empty. */
  public ImportException(List<ImportProblem> problems) {
    super(summary(problems));
    this.problems = List.copyOf(problems);
  }

  /** Returns every problem found, in input order. */
  public List<ImportProblem> problems() {
    return problems;
  }

  private static String summary(List<ImportProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an import exception needs at least one problem");
    }
    String first = problems.get(0).toString();
    return problems.size() == 1 ? first : first + " (and " + (problems.size() - 1) + " more problems)";
  }
}
