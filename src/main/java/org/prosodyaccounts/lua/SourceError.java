package org.prosodyaccounts.lua;

/**
 * An error at a byte offset of the source, before the offset is turned into a line and column for
 * {@link LuaSyntaxException}.
 */
final class SourceError extends Exception {

  private static final long serialVersionUID = 1L;

  /** Offset of the error in the source, or -1 when it is unknown. */
  final int offset;

  SourceError(int offset, String reason) {
    super(reason, null, false, false);
    this.offset = offset;
  }

  String reason() {
    return getMessage();
  }
}
