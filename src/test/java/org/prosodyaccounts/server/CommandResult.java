package org.prosodyaccounts.server;

/**
 * The outcome of one external command.
 *
 * @param exitCode the process's exit code
 * @param out standard output, decoded as UTF-8
 * @param err standard error, decoded as UTF-8
 */
public record CommandResult(int exitCode, String out, String err) {

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
