package org.prosodyaccounts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.prosodyaccounts.prep.PrepException;
import org.prosodyaccounts.prep.Stringprep;

/**
 * The rules for a password read from outside the command line or a manifest: a file or standard
 * input contains one line, exactly one trailing newline is removed, and the text must be
 * non-empty UTF-8. A second line is an error, so a stray line end never becomes part of a
 * password. Messages name the origin, never the password.
 */
public final class PasswordInput {

  /** The maximum password input read, far above any real password, so that a wrong file is not read whole. */
  public static final int MAX_BYTES = 64 * 1024;

  private PasswordInput() {}

  /** An invalid or missing password input; the message names the origin and the fix. */
  public static final class InvalidInputException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidInputException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Reads the password file {@code file}.
   *
   * @throws InvalidInputException if the file is missing, empty, contains only a line end, is longer
   *     than one line or is not UTF-8
   * @throws IOException if the file exists but cannot be read
   */
  public static String readFile(Path file) throws InvalidInputException, IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return oneLine(in.readNBytes(MAX_BYTES + 1), "password file " + file);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("password file " + file + " does not exist");
    }
  }

  /**
   * Reads one password from {@code in}, which must contain exactly one line.
   *
   * @param origin what the input is, for messages, such as {@code standard input}
   */
  public static String readOneLine(InputStream in, String origin) throws InvalidInputException, IOException {
    return oneLine(in.readNBytes(MAX_BYTES + 1), origin);
  }

  /**
   * Returns the value of the environment variable {@code name}.
   *
   * @throws InvalidInputException if it is not set or empty
   */
  public static String fromEnvironment(Map<String, String> environment, String name) throws InvalidInputException {
    String value = environment.get(name);
    if (value == null || value.isEmpty()) {
      throw new InvalidInputException(
          "environment variable " + name + " is " + (value == null ? "not set" : "empty") + ": export the password in it");
    }
    return value;
  }

  /**
   * Decodes one line of password input: {@code bytes} without its one trailing newline.
   *
   * @param origin what the bytes were read from, for messages
   */
  static String oneLine(byte[] bytes, String origin) throws InvalidInputException {
    if (bytes.length > MAX_BYTES) {
      throw new InvalidInputException(
          origin + " contains more than " + MAX_BYTES + " bytes: give a file with the password on one line");
    }
    int end = bytes.length;
    if (end > 0 && bytes[end - 1] == '\n') {
      end--;
    }
    String text = decode(bytes, end, origin);
    if (text.indexOf('\n') >= 0) {
      throw new InvalidInputException(origin + " contains more than one line: give the password alone on one line");
    }
    if (bytes.length == 0) {
      throw new InvalidInputException(origin + " is empty: give the password on one line");
    }
    if (text.isEmpty()) {
      throw new InvalidInputException(origin + " contains only an empty line: give the password on one line");
    }
    return text;
  }

  /**
   * Describes why SASLprep rejects {@code password} without showing it: the first code point that
   * SASLprep rejects on its own, by name, code point and position, such as {@code the password
   * fails SASLprep, so Prosody could never check it at login: it contains a tab (U+0009) at
   * character 2}. The rejected character is one that cannot be part of a valid password, so naming
   * it reveals nothing of one. When no single character fails, as with a password that breaks the
   * bidirectional text rules, the message is the reason of {@code failure}.
   *
   * @param failure what {@link Stringprep#saslprep} threw for {@code password}
   * @param carriageReturnHint a sentence, such as where the password came from and the fix, that
   *     is added when the password ends in a carriage return. A line with Windows line endings
   *     (CRLF) leaves one behind.
   */
  public static String saslprepFailure(String password, PrepException failure, Optional<String> carriageReturnHint) {
    String text = "the password fails SASLprep, so Prosody could never check it at login: ";
    int characters = password.codePointCount(0, password.length());
    int position = 0;
    for (int i = 0; i < password.length(); ) {
      int codePoint = password.codePointAt(i);
      position++;
      i += Character.charCount(codePoint);
      if (failsSaslprepAlone(codePoint)) {
        text += "it contains " + characterName(codePoint) + String.format(" (U+%04X)", codePoint) + " at character "
            + position + (position == characters && characters > 1 ? ", its last character" : "");
        if (codePoint == '\r' && position == characters && carriageReturnHint.isPresent()) {
          text += ". " + carriageReturnHint.get();
        }
        return text;
      }
    }
    return text + "the password " + failure.getMessage().replaceFirst("^SASLprep failed: the string ", "");
  }

  private static boolean failsSaslprepAlone(int codePoint) {
    try {
      Stringprep.saslprep(new String(Character.toChars(codePoint)));
      return false;
    } catch (PrepException e) {
      return true;
    }
  }

  /** Returns a name for a character that SASLprep rejects, with its article. */
  private static String characterName(int codePoint) {
    switch (codePoint) {
      case 0x00:
        return "a NUL character";
      case 0x09:
        return "a tab";
      case 0x0A:
        return "a line feed";
      case 0x0D:
        return "a carriage return";
      case 0x1B:
        return "an escape character";
      case 0x7F:
        return "a delete character";
      default:
        break;
    }
    switch (Character.getType(codePoint)) {
      case Character.CONTROL:
        return "a control character";
      case Character.PRIVATE_USE:
        return "a private-use character";
      case Character.SURROGATE:
        return "an unpaired surrogate";
      case Character.FORMAT:
        return "a format character";
      default:
        return "the character";
    }
  }

  /** Decodes {@code bytes[0, end)} as strict UTF-8. */
  static String decode(byte[] bytes, int end, String origin) throws InvalidInputException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, end))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInputException("the password in " + origin + " is not valid UTF-8");
    }
  }
}
