package org.prosodyaccounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.prosodyaccounts.prep.PrepException;
import org.prosodyaccounts.prep.Stringprep;

class PasswordInputTest {

  private static final String FAILS = "the password fails SASLprep, so Prosody could never check it at login: ";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "tab | a\\u0009b | it contains a tab (U+0009) at character 2",
        "line feed first | \\u000Aab | it contains a line feed (U+000A) at character 1",
        "NUL | ab\\u0000c | it contains a NUL character (U+0000) at character 3",
        "bell | \\u0007 | it contains a control character (U+0007) at character 1",
        "delete last | ab\\u007F | it contains a delete character (U+007F) at character 3, its last character",
        "private use after emoji | \\uD83D\\uDE00\\uE000 | it contains a private-use character (U+E000) at character 2, its last character",
        "carriage return last | abc\\u000D | it contains a carriage return (U+000D) at character 4, its last character. Hint.",
        "carriage return inside | a\\u000Dbc | it contains a carriage return (U+000D) at character 2",
        "bidirectional mix | \\u05D0a\\u05D0 | the password breaks the bidirectional text rules",
      })
  void saslprepFailureNamesCharacter(String caseName, String escaped, String reason) {
    String password = unescape(escaped);
    PrepException failure = assertThrows(PrepException.class, () -> Stringprep.saslprep(password));

    assertEquals(FAILS + reason, PasswordInput.saslprepFailure(password, failure, Optional.of("Hint.")));
  }

  /** Turns the {@code \\uXXXX} escapes of a table cell into characters. */
  private static String unescape(String text) {
    StringBuilder result = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      if (text.startsWith("\\u", i)) {
        result.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
        i += 5;
      } else {
        result.append(text.charAt(i));
      }
    }
    return result.toString();
  }
}
