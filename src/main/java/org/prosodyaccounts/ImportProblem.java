package org.prosodyaccounts;

/**
 * A reason an import was rejected before anything was written.
 *
 * @param line the input line it concerns (1 for the first line)
 * @param message what is wrong, without the password
 */
public record ImportProblem(long line, String message) {

  @Override
  public String toString() {
    return "line " + line + ": " + message;
  }
}
