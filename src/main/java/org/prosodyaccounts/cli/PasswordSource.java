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

  private final String description;
  private final Reader reader;

  private interface Reader {
    String read() throws IOException, PasswordInput.InvalidInputException, UsageException;
  }

  private PasswordSource(String description, Reader reader) {
    this.description = description;
    this.reader = reader;
  }

  /** Returns the source the options name, or empty when none does. */
  static Optional<PasswordSource> from(CliOptions options, InputStream in, Map<String, String> environment) {
    if (options.passwordStdin()) {
      return Optional.of(new PasswordSource("standard input", () -> PasswordInput.readOneLine(in, "standard input")));
    }
    if (options.passwordFile().isPresent()) {
      Path file = options.passwordFile().get();
      return Optional.of(new PasswordSource("file " + file, () -> PasswordInput.readFile(file)));
    }
    if (options.passwordEnv().isPresent()) {
      String variable = options.passwordEnv().get();
      return Optional.of(
          new PasswordSource(
              "environment variable " + variable,
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
}
