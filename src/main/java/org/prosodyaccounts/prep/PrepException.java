package org.prosodyaccounts.prep;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Signals that a string cannot be prepared with a stringprep profile, which is the case where
 * Prosody's {@code util.encodings.stringprep} functions return {@code nil}.
 *
 * <p>The message never contains the input string. For {@link StringprepProfile#SASLPREP} it also
 * omits the position and the code point, because the input is a password. For the other profiles
 * the position and code point are recorded when they are known. Callers that want to show the
 * rejected name add it themselves.
 */
public final class PrepException extends Exception {

  private static final long serialVersionUID = 1L;

  /** The cause of a stringprep failure. */
  public enum Reason {
    /** The prepared string contains a code point that the profile prohibits. */
    PROHIBITED,
    /** The input contains a code point unassigned in Unicode 3.2 and the strict mode was used. */
    UNASSIGNED,
    /** The prepared string breaks the RFC 3454 section 6 bidirectional text rules. */
    BIDI,
    /** The input or the prepared string is longer than 1023 bytes in UTF-8. */
    TOO_LONG,
    /** The input is not valid UTF-16 (it contains an unpaired surrogate). */
    MALFORMED
  }

  private final StringprepProfile profile;
  private final Reason reason;
  private final int index;
  private final int codePoint;

  /**
   * Creates the exception.
   *
   * @param index the UTF-16 index of the offending character in the input, or -1 if unknown
   * @param codePoint the offending code point, or -1 if unknown
   */
  PrepException(StringprepProfile profile, Reason reason, int index, int codePoint) {
    super(message(profile, reason, index, codePoint));
    this.profile = Objects.requireNonNull(profile, "profile");
    this.reason = Objects.requireNonNull(reason, "reason");
    this.index = index;
    this.codePoint = codePoint;
  }

  private static String message(
      StringprepProfile profile, Reason reason, int index, int codePoint) {
    String problem =
        switch (reason) {
          case PROHIBITED -> "contains a prohibited code point";
          case UNASSIGNED -> "contains a code point unassigned in Unicode 3.2";
          case BIDI -> "breaks the bidirectional text rules";
          case TOO_LONG -> "is longer than 1023 bytes in UTF-8";
          case MALFORMED -> "contains an unpaired surrogate";
        };
    StringBuilder text =
        new StringBuilder(profile.displayName()).append(" failed: the string ").append(problem);
    if (codePoint >= 0) {
      text.append(String.format(" (U+%04X", codePoint));
      if (index >= 0) {
        text.append(" at index ").append(index);
      }
      text.append(')');
    }
    return text.toString();
  }

  /** Returns the profile that rejected the string. */
  public StringprepProfile profile() {
    return profile;
  }

  /** Returns why the profile rejected the string. */
  public Reason reason() {
    return reason;
  }

  /**
   * Returns the UTF-16 index in the input of the first code point that the profile rejects, when it
   * is known. It is never recorded for SASLprep.
   */
  public OptionalInt index() {
    return index >= 0 ? OptionalInt.of(index) : OptionalInt.empty();
  }

  /**
   * Returns the first code point that the profile rejects, when it is known. It is never recorded
   * for SASLprep.
   */
  public OptionalInt codePoint() {
    return codePoint >= 0 ? OptionalInt.of(codePoint) : OptionalInt.empty();
  }
}
