package org.prosodyaccounts.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads passwords the way prosodyctl 0.12 does, because scripts feed it the same input.
 *
 * <p>Without a terminal, prosodyctl writes the prompt, then ESC {@code [08m} (hidden text),
 * reads one line from standard input, writes ESC {@code [00m} and a line end. A new password is
 * asked twice; when the two differ it prompts {@code Passwords did not match, try again? [Y/n]} and
 * goes on only for a reply that starts with {@code y}. On a terminal the line is read without
 * echo instead of the escape codes.
 */
final class PasswordPrompt {

  static final String HIDE = "\u001b[08m";
  static final String SHOW = "\u001b[00m";

  private final InputStream in;
  private final PrintStream out;
  private final Terminal terminal;
  private boolean passwordsDiffered;

  /**
   * @param terminal the terminal to read hidden input from, or null to read lines from {@code in}
   */
  PasswordPrompt(InputStream in, PrintStream out, Terminal terminal) {
    this.in = in;
    this.out = out;
    this.terminal = terminal;
  }

  /**
   * Asks for a new password twice.
   *
   * @return the password, or null when the input ended (after printing {@code No password -
   *     cancelled}, as prosodyctl does) or the user declined to try again
   */
  String readNewPassword() throws IOException {
    passwordsDiffered = false;
    while (true) {
      String password = readHidden("Enter new password: ");
      if (password == null) {
        out.println("No password - cancelled");
        return null;
      }
      String again = readHidden("Retype new password: ");
      if (password.equals(again)) {
        return password;
      }
      if (!askTryAgain()) {
        passwordsDiffered = true;
        return null;
      }
    }
  }

  /** Returns whether the last {@link #readNewPassword} returned null because the two entries differed. */
  boolean passwordsDiffered() {
    return passwordsDiffered;
  }

  /** Thrown when the two entries of a new password differ. */
  static final class PasswordsDifferException extends Exception {
    PasswordsDifferException() {
      super("the two passwords entered differ, so nothing was changed: run the command again");
    }
  }

  /**
   * Asks for a new password twice, without prosodyctl's offer to try again, for the commands that
   * prosodyctl lacks.
   *
   * @return the password, or null when the input ended
   * @throws PasswordsDifferException if the two entries differ
   */
  String readNewPasswordTwice() throws IOException, PasswordsDifferException {
    String password = readHidden("Enter new password: ");
    if (password == null) {
      return null;
    }
    String again = readHidden("Retype new password: ");
    if (again == null) {
      return null;
    }
    if (!password.equals(again)) {
      throw new PasswordsDifferException();
    }
    return password;
  }

  /** Reads one hidden line after {@code prompt}, or returns null at the end of input. */
  String readHidden(String prompt) throws IOException {
    if (terminal != null) {
      out.flush();
      char[] line = terminal.readHidden(prompt);
      if (line == null) {
        return null;
      }
      String password = new String(line);
      Arrays.fill(line, '\0');
      return password;
    }
    out.print(prompt);
    out.print(HIDE);
    String line = readLine();
    out.print(SHOW);
    out.print("\n");
    out.flush();
    return line;
  }

  /**
   * Reads one line of standard input as UTF-8, without the {@code \n} that ends it, as Lua's
   * {@code io.read("*l")} does; a {@code \r} before it is kept.
   *
   * @return the line, or null when the input ended before any byte
   */
  String readLine() throws IOException {
    // A growing array of our own instead of a ByteArrayOutputStream, whose buffers cannot be
    // cleared: the line is usually a password, and every copy of its bytes is overwritten.
    byte[] line = new byte[64];
    int length = 0;
    int b;
    try {
      while ((b = in.read()) != -1 && b != '\n') {
        if (length == line.length) {
          byte[] larger = Arrays.copyOf(line, line.length * 2);
          Arrays.fill(line, (byte) 0);
          line = larger;
        }
        line[length++] = (byte) b;
      }
      if (b == -1 && length == 0) {
        return null;
      }
      return new String(line, 0, length, StandardCharsets.UTF_8);
    } finally {
      Arrays.fill(line, (byte) 0);
    }
  }

  private boolean askTryAgain() throws IOException {
    String prompt = "Passwords did not match, try again? [Y/n] ";
    String answer;
    if (terminal != null) {
      out.flush();
      answer = terminal.readVisible(prompt);
    } else {
      out.print(prompt);
      answer = readLine();
      if (answer != null) {
        out.print("\n");
      }
      out.flush();
    }
    // prosodyctl takes the first character; anything but y or Y, an empty line included, stops.
    return answer != null && !answer.isEmpty() && Character.toLowerCase(answer.charAt(0)) == 'y';
  }
}
