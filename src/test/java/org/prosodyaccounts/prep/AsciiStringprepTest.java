package org.prosodyaccounts.prep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.ibm.icu.text.StringPrep;
import com.ibm.icu.text.StringPrepParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.prosodyaccounts.ProsodyJudge;

/**
 * Proves that the printable ASCII path of {@link Stringprep} returns what ICU4J returns, and
 * that it returns nothing for an input ICU4J rejects, which then goes to ICU4J: all ASCII strings
 * of up to 3 characters and random longer ones, for every profile, strict and not (SASLprep has
 * only the non-strict form).
 */
class AsciiStringprepTest {

  private static final long SEED = Long.getLong("prep.test.seed", 20261204L);
  private static final int RANDOM_COUNT = 200_000;

  @Test
  void allAsciiUpToThreeCharactersMatchIcu() {
    List<String> mismatches = new ArrayList<>();
    long saslprepAccepted = 0;
    char[] chars = new char[3];
    for (int length = 0; length <= 3; length++) {
      int count = 1 << (7 * length);
      for (int n = 0; n < count; n++) {
        int rest = n;
        for (int i = 0; i < length; i++) {
          chars[i] = (char) (rest & 0x7F);
          rest >>= 7;
        }
        String input = new String(chars, 0, length);
        compareWithIcu(input, mismatches);
        if (Stringprep.prepareAscii(StringprepProfile.SASLPREP, input) != null) {
          saslprepAccepted++;
        }
      }
    }
    assertNoMismatches(mismatches);
    // Every printable ASCII string takes the ASCII path of SASLprep: 1 + 95 + 95^2 + 95^3.
    assertEquals(1 + 95 + 95 * 95 + 95 * 95 * 95, saslprepAccepted);
  }

  @Test
  void randomLongerAsciiMatchesIcu() {
    Random random = new Random(SEED);
    List<String> mismatches = new ArrayList<>();
    for (int n = 0; n < RANDOM_COUNT; n++) {
      String input = randomAscii(random, 4 + random.nextInt(60));
      compareWithIcu(input, mismatches);
      if (n % 10 == 0) {
        for (StringprepProfile profile : StringprepProfile.values()) {
          comparePublic(profile, input, false, mismatches);
        }
      }
    }
    assertNoMismatches(mismatches);
  }

  @Test
  void longestAsciiInputTakesAsciiPath() {
    String input = "A".repeat(Stringprep.MAX_UTF8_BYTES);
    assertEquals("a".repeat(Stringprep.MAX_UTF8_BYTES), Stringprep.prepareAscii(StringprepProfile.NAMEPREP, input));
    assertNull(Stringprep.prepareAscii(StringprepProfile.NAMEPREP, input + "A"));
  }

  @Test
  void jitsiNamesTakeAsciiPath() {
    assertEquals("jvb", Stringprep.prepareAscii(StringprepProfile.NODEPREP, "jvb"));
    assertEquals("auth.meet.example.org", Stringprep.prepareAscii(StringprepProfile.NAMEPREP, "Auth.Meet.Example.ORG"));
    assertEquals("S3cret pw!", Stringprep.prepareAscii(StringprepProfile.SASLPREP, "S3cret pw!"));
  }

  @Test
  void nonAsciiAndControlSkipAsciiPath() {
    assertNull(Stringprep.prepareAscii(StringprepProfile.SASLPREP, "pa\u00A0ss"));
    assertNull(Stringprep.prepareAscii(StringprepProfile.SASLPREP, "pa\tss"));
    assertNull(Stringprep.prepareAscii(StringprepProfile.NODEPREP, "a@b"));
    assertNotNull(Stringprep.prepareAscii(StringprepProfile.RESOURCEPREP, "a@b/c"));
  }

  @Test
  void asciiMatchesProsodyStringprep() throws Exception {
    List<String> inputs = new ArrayList<>();
    for (int length = 0; length <= 2; length++) {
      int count = 1 << (7 * length);
      for (int n = 0; n < count; n++) {
        char[] chars = {(char) (n & 0x7F), (char) (n >> 7)};
        inputs.add(new String(chars, 0, length));
      }
    }
    Random random = new Random(SEED);
    for (int n = 0; n < 5000; n++) {
      inputs.add(randomAscii(random, 3 + random.nextInt(40)));
    }
    List<ProsodyJudge.PrepCase> cases = new ArrayList<>();
    for (String input : inputs) {
      for (StringprepProfile profile : StringprepProfile.values()) {
        String name = profile.name().toLowerCase(Locale.ROOT);
        cases.add(new ProsodyJudge.PrepCase(name, false, input));
        if (profile != StringprepProfile.SASLPREP) {
          cases.add(new ProsodyJudge.PrepCase(name, true, input));
        }
      }
    }

    List<String> prosody = ProsodyJudge.prep(cases);

    List<String> mismatches = new ArrayList<>();
    long asciiPath = 0;
    for (int i = 0; i < cases.size(); i++) {
      ProsodyJudge.PrepCase c = cases.get(i);
      StringprepProfile profile = StringprepProfile.valueOf(c.profile().toUpperCase(Locale.ROOT));
      String ours;
      try {
        ours = prepare(profile, c.input(), c.strict());
      } catch (PrepException e) {
        ours = null;
      }
      if (Stringprep.prepareAscii(profile, c.input()) != null) {
        asciiPath++;
      }
      String expected = prosody.get(i);
      if (ours == null ? expected != null : !ours.equals(expected)) {
        mismatches.add(describe(profile, c.input(), c.strict()) + ": Stringprep " + hex(ours) + ", Prosody " + hex(expected));
      }
    }
    assertNoMismatches(mismatches);
    assertTrue(asciiPath > cases.size() / 2, asciiPath + " of " + cases.size() + " cases took the ASCII path");
  }

  /** Printable ASCII most of the time, so that the ASCII path runs on most random strings. */
  static String randomAscii(Random random, int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = random.nextInt(20) == 0 ? (char) random.nextInt(0x80) : (char) (0x20 + random.nextInt(0x5F));
    }
    return new String(chars);
  }

  private static void compareWithIcu(String input, List<String> mismatches) {
    for (StringprepProfile profile : StringprepProfile.values()) {
      compareAsciiPath(profile, input, false, mismatches);
      if (profile != StringprepProfile.SASLPREP) {
        compareAsciiPath(profile, input, true, mismatches);
      }
    }
  }

  /**
   * Checks that the ASCII path, where it returns a result, returns ICU4J's. An input the ASCII
   * path declines goes to ICU4J, so a result from it on an input ICU4J rejects is a mismatch too.
   */
  private static void compareAsciiPath(
      StringprepProfile profile, String input, boolean strict, List<String> mismatches) {
    String ascii = Stringprep.prepareAscii(profile, input);
    if (ascii == null) {
      return;
    }
    String icu = icuPrepare(profile, input, strict);
    if (!ascii.equals(icu)) {
      mismatches.add(describe(profile, input, strict) + ": ASCII path " + hex(ascii) + ", ICU4J " + hex(icu));
    }
  }

  /** Checks that the public methods return ICU4J's result or reject what ICU4J rejects. */
  private static void comparePublic(
      StringprepProfile profile, String input, boolean strict, List<String> mismatches) {
    String icu = icuPrepare(profile, input, strict);
    String ours;
    try {
      ours = prepare(profile, input, strict);
    } catch (PrepException e) {
      ours = null;
    }
    if (ours == null ? icu != null : !ours.equals(icu)) {
      mismatches.add(describe(profile, input, strict) + ": Stringprep " + hex(ours) + ", ICU4J " + hex(icu));
    }
  }

  private static String prepare(StringprepProfile profile, String input, boolean strict) throws PrepException {
    return switch (profile) {
      case NODEPREP -> Stringprep.nodeprep(input, strict);
      case NAMEPREP -> Stringprep.nameprep(input, strict);
      case RESOURCEPREP -> Stringprep.resourceprep(input, strict);
      case SASLPREP -> Stringprep.saslprep(input);
    };
  }

  /** Returns ICU4J's result, or null when ICU4J rejects the input. */
  private static String icuPrepare(StringprepProfile profile, String input, boolean strict) {
    int type =
        switch (profile) {
          case NODEPREP -> StringPrep.RFC3920_NODEPREP;
          case NAMEPREP -> StringPrep.RFC3491_NAMEPREP;
          case RESOURCEPREP -> StringPrep.RFC3920_RESOURCEPREP;
          case SASLPREP -> StringPrep.RFC4013_SASLPREP;
        };
    try {
      return StringPrep.getInstance(type).prepare(input, strict ? StringPrep.DEFAULT : StringPrep.ALLOW_UNASSIGNED);
    } catch (StringPrepParseException e) {
      return null;
    }
  }

  private static String describe(StringprepProfile profile, String input, boolean strict) {
    return profile.displayName() + (strict ? " strict" : "") + " of " + hex(input);
  }

  private static String hex(String s) {
    if (s == null) {
      return "rejected";
    }
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      out.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04X", (int) c));
    }
    return out.append('"').toString();
  }

  private static void assertNoMismatches(List<String> mismatches) {
    if (!mismatches.isEmpty()) {
      fail(mismatches.size() + " mismatches, the first: " + String.join("\n", mismatches.subList(0, Math.min(20, mismatches.size()))));
    }
  }
}
