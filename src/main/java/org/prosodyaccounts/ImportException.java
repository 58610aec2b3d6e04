package org.prosodyaccounts;

import java.util.ArrayList;
import java.util.List;

/**
 * Thrown when the input of an import is invalid. Nothing was written: every entry is checked
 * before the first file is.
 */
public final class ImportException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<ImportProblem> listed;
  private final long omitted;
  private final transient List<ImportEntry> readEntries;

  /** Creates the exception; {@code problems} must not be empty. */
  public ImportException(List<ImportProblem> problems) {
    this(problems, 0, List.of());
  }

  /**
   * Creates the exception.
   *
   * @param listed the problems listed, in line order; not empty
   * @param omitted the number of further problems that are not listed
   * @param readEntries the entries of the lines that could be read, or empty
   */
  ImportException(List<ImportProblem> listed, long omitted, List<ImportEntry> readEntries) {
    super(summary(listed, omitted));
    this.listed = List.copyOf(listed);
    this.omitted = omitted;
    this.readEntries = List.copyOf(readEntries);
  }

  /**
   * Returns every problem found, in input order. When more were found than are listed, the last
   * item gives the number of the others.
   */
  public List<ImportProblem> problems() {
    if (omitted == 0) {
      return listed;
    }
    List<ImportProblem> all = new ArrayList<>(listed);
    all.add(new ImportProblem(listed.get(listed.size() - 1).line(), omitted + " more problems are not listed"));
    return List.copyOf(all);
  }

  /**
   * Returns the entries of the lines that {@link ImportReader#read} could parse, when it threw this
   * exception, so that {@link BulkImport#withEntryProblems} can check them in the same run.
   * Returns an empty list for an exception from {@link BulkImport}. Nothing may be imported from
   * them.
   */
  public List<ImportEntry> readEntries() {
    return readEntries;
  }

  /** Returns the listed problems, without the item that counts the others. */
  List<ImportProblem> listedProblems() {
    return listed;
  }

  /** Returns the number of problems found beyond the listed ones. */
  long omittedProblems() {
    return omitted;
  }

  private static String summary(List<ImportProblem> problems, long omitted) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an import exception needs at least one problem");
    }
    String first = problems.get(0).toString();
    long more = problems.size() - 1 + omitted;
    return more == 0 ? first : first + " (and " + more + " more problems)";
  }
}
