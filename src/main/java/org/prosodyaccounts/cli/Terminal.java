package org.prosodyaccounts.cli;

import java.io.Console;

/** A terminal that reads a line without echoing it, for password prompts. */
interface Terminal {

  /**
   * Shows {@code prompt} and reads one line without echo.
   *
   * @return the line without its line end, or null at the end of input
   */
  char[] readHidden(String prompt);

  /**
   * Shows {@code prompt} and reads one line with echo.
   *
   * @return the line without its line end, or null at the end of input
   */
  String readVisible(String prompt);

  /** Returns the process's terminal, or null when standard input or output is not a terminal. */
  static Terminal system() {
    Console console = System.console();
    if (console == null) {
      return null;
    }
    return new Terminal() {
      @Override
      public char[] readHidden(String prompt) {
        return console.readPassword("%s", prompt);
      }

      @Override
      public String readVisible(String prompt) {
        return console.readLine("%s", prompt);
      }
    };
  }
}
