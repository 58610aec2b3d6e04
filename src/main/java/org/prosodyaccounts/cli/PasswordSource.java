package org.prosodyaccounts.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A password given without the command line: {@code --password-stdin}, {@code --password-file
 * FILE} or {@code --password-env VAR}. Standard input and files contain one line, and exactly one
 * trailing newline is removed. A second line is an error, so a stray line end never becomes part
 * of a password.
 */
final class PasswordSource {

  /** The maximum password input read, far above any real password, so that a wrong file is not read whole. */
  private static final int MAX_BYTES = 64 * 1024;

  private final String description;
  private final Reader reader;

  private interface Reader {
    String read() throws IOException, UsageException;
  }

  private PasswordSource(String description, Reader reader) {
    this.description = description;
    this.reader = reader;
  }

  /** Returns the source the options name, or empty when none does. */
  static Optional<PasswordSource> from(CliOptions options, InputStream in, Map<String, String> environment) {
    if (options.passwordStdin()) {
      return Optional.of(new PasswordSource("standard input", () -> oneLine(in.readNBytes(MAX_BYTES + 1), "standard input")));
    }
    if (options.passwordFile().isPresent()) {
      Path file = options.passwordFile().get();
      return Optional.of(new PasswordSource("file " + file, () -> readFile(file)));
    }
    if (options.passwordEnv().isPresent()) {
      String variable = options.passwordEnv().get();
      return Optional.of(
          new PasswordSource(
              "environment variable " + variable,
              () -> {
                String value = environment.get(variable);
                if (value == null || value.isEmpty()) {
                  throw new UsageException(
                      "environment variable " + variable + " is " + (value == null ? "not set" : "empty")
                          + ": export the password in it, or use another --password-* option");
                }
                return value;
              }));
    }
    return Optional.empty();
  }

  /** Reads the password. */
  String read() throws IOException, UsageException {
    return reader.read();
  }

  String description() {
    return description;
  }

  private static String readFile(Path file) throws IOException, UsageException {
    try (InputStream in = Files.newInputStream(file)) {
      return oneLine(in.readNBytes(MAX_BYTES + 1), "password file " + file);
    } catch (NoSuchFileException e) {
      throw new UsageException("password file " + file + " does not exist");
    }
  }

  private static String oneLine(byte[] bytes, String origin) throws UsageException {
    if (bytes.length > MAX_BYTES) {
      throw new UsageException(origin + " contains more than " + MAX_BYTES + " bytes: give a file with the password on one line");
    }
    int end = bytes.length;
    if (end > 0 && bytes[end - 1] == '\n') {
      end--;
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes, 0, end))
              .toString();
    } catch (CharacterCodingException e) {
      throw new UsageException("the password in " + origin + " is not valid UTF-8");
    }
    if (text.indexOf('\n') >= 0) {
      throw new UsageException(origin + " contains more than one line: give the password alone on one line");
    }
    if (bytes.length == 0) {
      throw new UsageException(origin + " is empty: give the password on one line");
    }
    return text;
  }
}
