package org.prosodyaccounts.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.prosodyaccounts.PasswordInput;

/**
 * A password given without the command line: {@code --password-stdin}, {@code --password-file
 * FILE} or {@code --password-env VAR}, read with the rules of {@link PasswordInput}: standard
 * input and files contain one line, and exactly one trailing newline is removed.
 */
final class PasswordSource {

  private static final String STANDARD_INPUT_CRLF =
      "standard input has Windows line endings (CRLF): convert them with dos2unix";

  private final String description;
  /** The cause of a carriage return at the end of a password from this source, and the fix. */
  private final String carriageReturnCause;
  private final Reader reader;

  private interface Reader {
    String read() throws IOException, PasswordInput.InvalidInputException, UsageException;
  }

  private PasswordSource(String description, String carriageReturnCause, Reader reader) {
    this.description = description;
    this.carriageReturnCause = carriageReturnCause;
    this.reader = reader;
  }

  /** Returns the source the options name, or empty when none does. */
  static Optional<PasswordSource> from(CliOptions options, InputStream in, Map<String, String> environment) {
    if (options.passwordStdin()) {
      return Optional.of(
          new PasswordSource("standard input", STANDARD_INPUT_CRLF, () -> PasswordInput.readOneLine(in, "standard input")));
    }
    if (options.passwordFile().isPresent()) {
      Path file = options.passwordFile().get();
      return Optional.of(
          new PasswordSource(
              "file " + file,
              "the file has Windows line endings (CRLF): convert it with dos2unix " + file,
              () -> PasswordInput.readFile(file)));
    }
    if (options.passwordEnv().isPresent()) {
      String variable = options.passwordEnv().get();
      return Optional.of(
          new PasswordSource(
              "environment variable " + variable,
              "environment variable " + variable + " ends with one: remove it",
              () -> {
                try {
                  return PasswordInput.fromEnvironment(environment, variable);
                } catch (PasswordInput.InvalidInputException e) {
                  throw new UsageException(e.getMessage() + ", or use another --password-* option");
                }
              }));
    }
    return Optional.empty();
  }

  /** Reads the password. */
  String read() throws IOException, UsageException {
    try {
      return reader.read();
    } catch (PasswordInput.InvalidInputException e) {
      throw new UsageException(e.getMessage());
    }
  }

  String description() {
    return description;
  }

  /**
   * Returns a sentence that explains a password from this source ending in a carriage return,
   * which SASLprep rejects and which a line with Windows line endings (CRLF) leaves behind, or
   * empty for any other password.
   */
  Optional<String> carriageReturnHint(String password) {
    return carriageReturnHint(password, carriageReturnCause);
  }

  /**
   * Returns {@link #carriageReturnHint} for a password that prosodyctl's prompt read as a line of
   * standard input, without a terminal.
   */
  static Optional<String> promptCarriageReturnHint(String password) {
    return carriageReturnHint(password, STANDARD_INPUT_CRLF);
  }

  private static Optional<String> carriageReturnHint(String password, String cause) {
    if (!password.endsWith("\r")) {
      return Optional.empty();
    }
    return Optional.of("The password ends in a carriage return because " + cause + ".");
  }
}
