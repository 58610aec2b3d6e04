package org.prosodyaccounts.prep;

import com.ibm.icu.text.StringPrep;
import com.ibm.icu.text.StringPrepParseException;
import java.util.Objects;

/**
 * Stringprep (RFC 3454) with the four profiles Prosody uses, behaving like Prosody's ICU build of
 * {@code util.encodings.stringprep} (file {@code util-src/encodings.c} in Prosody 0.12 and 13.0).
 *
 * <p>Prosody passes ICU's {@code USPREP_ALLOW_UNASSIGNED} by default and no option when its {@code
 * strict} argument is true. The methods here do the same: non-strict calls accept code points
 * unassigned in Unicode 3.2 (such as emoji), strict calls reject them. Prosody also rejects an
 * input of 1024 or more UTF-8 bytes and a result of 1024 or more UTF-8 bytes, and so do these
 * methods.
 *
 * <p>Prosody's libidn build (used when Prosody is compiled without ICU) differs in details. This
 * class follows the ICU build, which the Debian 12 package of Prosody 0.12.3 uses.
 *
 * <p>All methods are thread-safe. A {@link PrepException} never carries the input string.
 */
public final class Stringprep {

  /** Maximum length in UTF-8 bytes of an input and of a result, as in Prosody. */
  public static final int MAX_UTF8_BYTES = 1023;

  private Stringprep() {}

  /**
   * Prepares a JID node with RFC 3920 Nodeprep: case folding, NFKC, and rejection of spaces, the
   * characters {@code " & ' / : < > @} and the other prohibited code points.
   *
   * @param strict true to reject code points unassigned in Unicode 3.2, as {@code prosodyctl
   *     adduser} and {@code register} do, or false to allow them, as JID parsing does
   * @return the prepared node, possibly empty when every character maps to nothing
   * @throws PrepException if the profile rejects the string or it is too long
   */
  public static String nodeprep(String s, boolean strict) throws PrepException {
    return prepare(StringprepProfile.NODEPREP, s, strict);
  }

  /**
   * Prepares a host name with RFC 3491 Nameprep, allowing unassigned code points as Prosody does by
   * default. No STD3 rule is applied, so a space or an ASCII control character is accepted, and a
   * trailing dot is kept (see {@link Jid#prepareHost} for the JID rules).
   *
   * @throws PrepException if the profile rejects the string or it is too long
   */
  public static String nameprep(String s) throws PrepException {
    return prepare(StringprepProfile.NAMEPREP, s, false);
  }

  /**
   * Prepares a host name with RFC 3491 Nameprep.
   *
   * @param strict true to reject code points unassigned in Unicode 3.2
   * @throws PrepException if the profile rejects the string or it is too long
   */
  public static String nameprep(String s, boolean strict) throws PrepException {
    return prepare(StringprepProfile.NAMEPREP, s, strict);
  }

  /**
   * Prepares a JID resource with RFC 3920 Resourceprep.
   *
   * @param strict true to reject code points unassigned in Unicode 3.2
   * @throws PrepException if the profile rejects the string or it is too long
   */
  public static String resourceprep(String s, boolean strict) throws PrepException {
    return prepare(StringprepProfile.RESOURCEPREP, s, strict);
  }

  /**
   * Prepares a password with RFC 4013 SASLprep, allowing unassigned code points as Prosody does.
   * U+00A0 and other non-ASCII spaces become U+0020, U+00AD and U+2060 are removed, and control
   * characters such as TAB, LF and DEL are rejected, as is U+FFFF.
   *
   * <p>The exception carries neither the password nor the position of the rejected character.
   *
   * @throws PrepException if the profile rejects the password or it is too long
   */
  public static String saslprep(String s) throws PrepException {
    return prepare(StringprepProfile.SASLPREP, s, false);
  }

  private static String prepare(StringprepProfile profile, String input, boolean strict)
      throws PrepException {
    Objects.requireNonNull(input, "input");
    String ascii = prepareAscii(profile, input);
    if (ascii != null) {
      return ascii;
    }

    int unpaired = indexOfUnpairedSurrogate(input);
    if (unpaired >= 0) {
      throw failure(profile, PrepException.Reason.MALFORMED, unpaired, input.charAt(unpaired));
    }
    if (utf8Length(input) > MAX_UTF8_BYTES) {
      throw failure(profile, PrepException.Reason.TOO_LONG, -1, -1);
    }
    String prepared = Icu.prepare(profile, input, strict);
    if (utf8Length(prepared) > MAX_UTF8_BYTES) {
      throw failure(profile, PrepException.Reason.TOO_LONG, -1, -1);
    }
    return prepared;
  }

  /**
   * Prepares printable ASCII input (U+0020 to U+007E) without ICU4J, whose data takes tens of
   * milliseconds to load. For such input each profile reduces to a rule on single characters.
   * Among them, RFC 3454's mapping tables map only A to Z (case folding, in Nodeprep and
   * Nameprep). NFKC changes no ASCII character, every ASCII code point is assigned, and no ASCII
   * character is right-to-left. Nodeprep prohibits the space and {@code " & ' / : < > @}, while
   * Nameprep, Resourceprep and SASLprep prohibit no printable ASCII character.
   *
   * @return the prepared string, or null when the input is not printable ASCII, is too long or
   *     contains a character the profile prohibits, so that ICU4J prepares it and reports the
   *     failure
   */
  static String prepareAscii(StringprepProfile profile, String input) {
    int length = input.length();
    if (length > MAX_UTF8_BYTES) {
      return null;
    }
    boolean foldCase = profile == StringprepProfile.NODEPREP || profile == StringprepProfile.NAMEPREP;
    boolean changed = false;
    for (int i = 0; i < length; i++) {
      char c = input.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        return null;
      }
      if (profile == StringprepProfile.NODEPREP && isNodeprepProhibited(c)) {
        return null;
      }
      changed |= foldCase && c >= 'A' && c <= 'Z';
    }
    return changed ? lowerCaseAscii(input) : input;
  }

  private static boolean isNodeprepProhibited(char c) {
    return switch (c) {
      case ' ', '"', '&', '\'', '/', ':', '<', '>', '@' -> true;
      default -> false;
    };
  }

  private static String lowerCaseAscii(String input) {
    char[] chars = input.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] >= 'A' && chars[i] <= 'Z') {
        chars[i] += 'a' - 'A';
      }
    }
    return new String(chars);
  }

  private static PrepException failure(
      StringprepProfile profile, PrepException.Reason reason, int index, int codePoint) {
    if (profile == StringprepProfile.SASLPREP) {
      return new PrepException(profile, reason, -1, -1);
    }
    return new PrepException(profile, reason, index, codePoint);
  }

  private static int indexOfUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** Returns the UTF-8 length of a string without unpaired surrogates. */
  static int utf8Length(String s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /**
   * The ICU4J profiles, in a class of their own so that ICU4J's classes and data load only when
   * an input needs them.
   */
  static final class Icu {

    // StringPrep instances are immutable once loaded. Strong references keep ICU's weak cache
    // from reloading the data.
    private static final StringPrep NODEPREP = StringPrep.getInstance(StringPrep.RFC3920_NODEPREP);
    private static final StringPrep NAMEPREP = StringPrep.getInstance(StringPrep.RFC3491_NAMEPREP);
    private static final StringPrep RESOURCEPREP =
        StringPrep.getInstance(StringPrep.RFC3920_RESOURCEPREP);
    private static final StringPrep SASLPREP = StringPrep.getInstance(StringPrep.RFC4013_SASLPREP);

    private Icu() {}

    /** Prepares {@code input} with ICU4J alone, without the length limits. */
    static String prepare(StringprepProfile profile, String input, boolean strict) throws PrepException {
      StringPrep icu = icuProfile(profile);
      int options = strict ? StringPrep.DEFAULT : StringPrep.ALLOW_UNASSIGNED;
      try {
        return icu.prepare(input, options);
      } catch (StringPrepParseException e) {
        // The ICU exception text contains the input, so it is not kept as the cause.
        throw translate(profile, icu, input, options, e.getError());
      }
    }

    private static StringPrep icuProfile(StringprepProfile profile) {
      return switch (profile) {
        case NODEPREP -> NODEPREP;
        case NAMEPREP -> NAMEPREP;
        case RESOURCEPREP -> RESOURCEPREP;
        case SASLPREP -> SASLPREP;
      };
    }

    private static PrepException translate(
        StringprepProfile profile, StringPrep icu, String input, int options, int icuError) {
      PrepException.Reason reason =
          switch (icuError) {
            case StringPrepParseException.UNASSIGNED_ERROR -> PrepException.Reason.UNASSIGNED;
            case StringPrepParseException.CHECK_BIDI_ERROR -> PrepException.Reason.BIDI;
            case StringPrepParseException.PROHIBITED_ERROR -> PrepException.Reason.PROHIBITED;
            default -> PrepException.Reason.MALFORMED;
          };
      if (reason == PrepException.Reason.PROHIBITED || reason == PrepException.Reason.UNASSIGNED) {
        // ICU4J reports no position, so find the first code point that fails on its own. A code
        // point that is prohibited only after normalization with its neighbours is not found.
        for (int i = 0; i < input.length(); ) {
          int codePoint = input.codePointAt(i);
          if (failsAlone(icu, codePoint, options, icuError)) {
            return failure(profile, reason, i, codePoint);
          }
          i += Character.charCount(codePoint);
        }
      }
      return failure(profile, reason, -1, -1);
    }

    private static boolean failsAlone(StringPrep icu, int codePoint, int options, int icuError) {
      try {
        icu.prepare(Character.toString(codePoint), options);
        return false;
      } catch (StringPrepParseException e) {
        return e.getError() == icuError;
      }
    }
  }
}
