package org.prosodyaccounts.prep;

import java.util.Objects;
import java.util.Optional;

/**
 * Signals that a string is not a usable JID, or that one part of it fails its stringprep profile.
 * {@link #reason()} returns which part failed, so that a caller can print prosodyctl's matching
 * message, and {@link #prepFailure()} gives the stringprep failure when there is one.
 *
 * <p>The message contains the rejected JID or part, which is never a secret.
 */
public final class InvalidJidException extends Exception {

  private static final long serialVersionUID = 1L;

  /** The part of a JID that made it invalid. */
  public enum Reason {
    /**
     * The string does not have the {@code [node@]host[/resource]} form with a non-empty host, as
     * with {@code a@b@h}, {@code @h}, {@code h/} or the empty string.
     */
    MALFORMED,
    /** The node fails Nodeprep, is empty after it, or is too long. */
    INVALID_NODE,
    /** The host fails Nameprep, is {@code "."} or empty, or contains {@code @} or {@code /}. */
    INVALID_HOST,
    /** The resource fails Resourceprep, is empty after it, or is too long. */
    INVALID_RESOURCE
  }

  private final Reason reason;

  InvalidJidException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  InvalidJidException(Reason reason, String message, PrepException cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Returns the part of the JID that made it invalid. */
  public Reason reason() {
    return reason;
  }

  /** Returns the stringprep failure behind this exception, if a profile rejected a part. */
  public Optional<PrepException> prepFailure() {
    return Optional.ofNullable(getCause())
        .filter(PrepException.class::isInstance)
        .map(PrepException.class::cast);
  }
}
