package org.prosodyaccounts.prep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StringprepTest {

  private static final String GRINNING_FACE = "\uD83D\uDE00";

  // ---- SASLprep ----

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          space kept                | a b                  | a b
          no-break space mapped     | a\u00A0b             | a b
          soft hyphen removed       | a\u00ADb             | ab
          word joiner removed       | a\u2060b             | ab
          a NBSP b SHY c            | a\u00A0b\u00ADc      | a bc
          full-width A to ASCII     | \uFF21               | A
          combining acute composed  | e\u0301              | \u00E9
          case kept                 | PassWord             | PassWord
          emoji kept                | pw\uD83D\uDE00       | pw\uD83D\uDE00
          """)
  void saslprepMapsAsProsody(String name, String input, String expected) throws Exception {
    assertEquals(expected, Stringprep.saslprep(input));
  }

  @Test
  void saslprepKeepsEmptyPassword() throws Exception {
    assertEquals("", Stringprep.saslprep(""));
  }

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(ints = {0x09, 0x0A, 0x0D, 0x00, 0x7F, 0xFFFF, 0x2028})
  void saslprepRejectsControlAndNonCharacters(int codePoint) {
    String password = "secret" + Character.toString(codePoint) + "pw";
    PrepException e = assertThrows(PrepException.class, () -> Stringprep.saslprep(password));
    assertEquals(StringprepProfile.SASLPREP, e.profile());
    assertEquals(PrepException.Reason.PROHIBITED, e.reason());
  }

  @Test
  void saslprepFailureHidesPassword() {
    PrepException e =
        assertThrows(PrepException.class, () -> Stringprep.saslprep("hunter2\tsecret"));
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
    assertFalse(e.toString().contains("hunter2"), e.toString());
    assertEquals(OptionalInt.empty(), e.index());
    assertEquals(OptionalInt.empty(), e.codePoint());
    assertEquals(null, e.getCause());
  }

  @Test
  void saslprepRejectsUnpairedSurrogate() {
    PrepException e = assertThrows(PrepException.class, () -> Stringprep.saslprep("pw\uD800x"));
    assertEquals(PrepException.Reason.MALFORMED, e.reason());
  }

  @Test
  void saslprepRejectsMixedBidi() {
    PrepException e = assertThrows(PrepException.class, () -> Stringprep.saslprep("\u0627a"));
    assertEquals(PrepException.Reason.BIDI, e.reason());
  }

  // ---- Nodeprep ----

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ASCII lowercased        | John.Doe-X_Y  | john.doe-x_y
          sharp s case-folded     | Stra\u00DFe   | strasse
          E acute lowercased      | \u00C9lodie   | \u00E9lodie
          fi ligature             | \uFB01        | fi
          dotted capital I        | \u0130        | i\u0307
          Kelvin sign             | \u212A        | k
          """)
  void nodeprepMapsAsProsody(String name, String input, String expected) throws Exception {
    assertEquals(expected, Stringprep.nodeprep(input, false));
    assertEquals(expected, Stringprep.nodeprep(input, true));
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {" ", "\"", "&", "'", "/", ":", "<", ">", "@"})
  void nodeprepProhibitsJidCharacters(String character) {
    String node = "ab" + character + "cd";
    PrepException e = assertThrows(PrepException.class, () -> Stringprep.nodeprep(node, false));
    assertEquals(StringprepProfile.NODEPREP, e.profile());
    assertEquals(PrepException.Reason.PROHIBITED, e.reason());
    assertEquals(OptionalInt.of(2), e.index());
    assertEquals(OptionalInt.of(character.codePointAt(0)), e.codePoint());
  }

  @Test
  void nodeprepNonStrictAcceptsEmoji() throws Exception {
    assertEquals("x" + GRINNING_FACE, Stringprep.nodeprep("X" + GRINNING_FACE, false));
  }

  @Test
  void nodeprepStrictRejectsEmoji() {
    PrepException e =
        assertThrows(PrepException.class, () -> Stringprep.nodeprep("x" + GRINNING_FACE, true));
    assertEquals(PrepException.Reason.UNASSIGNED, e.reason());
    assertEquals(OptionalInt.of(1), e.index());
    assertEquals(OptionalInt.of(0x1F600), e.codePoint());
    assertTrue(e.getMessage().contains("U+1F600"), e.getMessage());
  }

  // ---- Nameprep and Resourceprep ----

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          lowercased               | Upper.Test           | upper.test
          space accepted (no STD3) | exa mple.com         | exa mple.com
          trailing dot kept        | example.org.         | example.org.
          full-width letters       | \uFF25\uFF38.org     | ex.org
          """)
  void nameprepMapsAsProsody(String name, String input, String expected) throws Exception {
    assertEquals(expected, Stringprep.nameprep(input));
  }

  @Test
  void nameprepRejectsProhibitedCodePoint() {
    PrepException e = assertThrows(PrepException.class, () -> Stringprep.nameprep("a\u2028b.org"));
    assertEquals(StringprepProfile.NAMEPREP, e.profile());
    assertEquals(PrepException.Reason.PROHIBITED, e.reason());
  }

  @Test
  void nameprepStrictRejectsUnassigned() throws Exception {
    assertEquals(GRINNING_FACE + ".org", Stringprep.nameprep(GRINNING_FACE + ".org"));
    PrepException e =
        assertThrows(PrepException.class, () -> Stringprep.nameprep(GRINNING_FACE, true));
    assertEquals(PrepException.Reason.UNASSIGNED, e.reason());
  }

  @Test
  void resourceprepKeepsCaseAndSeparators() throws Exception {
    assertEquals("Res Ource/x@y", Stringprep.resourceprep("Res Ource/x@y", false));
  }

  @Test
  void resourceprepRejectsControlCharacter() {
    PrepException e =
        assertThrows(PrepException.class, () -> Stringprep.resourceprep("phone\n", false));
    assertEquals(StringprepProfile.RESOURCEPREP, e.profile());
    assertEquals(OptionalInt.of(5), e.index());
  }

  // ---- Length limits ----

  @Test
  void inputOf1023BytesAccepted() throws Exception {
    String node = "a".repeat(1023);
    assertEquals(node, Stringprep.nodeprep(node, true));
  }

  @Test
  void inputOf1024BytesRejected() {
    PrepException e =
        assertThrows(PrepException.class, () -> Stringprep.nodeprep("a".repeat(1024), true));
    assertEquals(PrepException.Reason.TOO_LONG, e.reason());
  }

  @Test
  void multiByteInputCountedInBytes() {
    // 512 two-byte characters are 1024 bytes in UTF-8.
    PrepException e =
        assertThrows(PrepException.class, () -> Stringprep.saslprep("\u00E9".repeat(512)));
    assertEquals(PrepException.Reason.TOO_LONG, e.reason());
  }

  @Test
  void resultOver1023BytesRejected() {
    // U+0149 (2 bytes) maps to U+02BC U+006E (3 bytes): 800 bytes in, 1200 bytes out.
    PrepException e =
        assertThrows(PrepException.class, () -> Stringprep.nodeprep("\u0149".repeat(400), false));
    assertEquals(PrepException.Reason.TOO_LONG, e.reason());
  }

  @Test
  void utf8LengthCountsSurrogatePairAsFourBytes() {
    assertEquals(4, Stringprep.utf8Length(GRINNING_FACE));
    assertEquals(6, Stringprep.utf8Length("a\u00E9\u20AC"));
  }
}
