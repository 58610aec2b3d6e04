package org.prosodyaccounts;

import java.util.Comparator;

/**
 * One reason a manifest was rejected before anything was written.
 *
 * @param kind whether the manifest cannot be read as a manifest at all, an item is invalid, or a
 *     host is rejected
 * @param path the item's JSON path, such as {@code hosts[0].accounts[1]}, or empty for the whole
 *     manifest
 * @param jid the JID or host the item names, or empty when it is not known
 * @param line the line in the manifest (1 for the first), or 0 for a manifest built in Java
 * @param column the column in that line (1 for the first), or 0 when {@code line} is 0
 * @param message what is wrong and how to fix it, never containing a password
 */
public record ManifestProblem(Kind kind, String path, String jid, int line, int column, String message) {

  /**
   * The classes of problems, which the command line reports with different exit codes. They are
   * declared from the most basic to the least: when a manifest has problems of several kinds, the
   * first kind decides the exit code.
   */
  public enum Kind {
    /** Invalid JSON, an unknown field, a value of the wrong type, or a missing field. */
    SCHEMA,
    /**
     * An item that has the right form but cannot be applied, such as an invalid user or host name,
     * a password source that cannot be read, or a roster subscription whose account is missing.
     */
    INVALID,
    /**
     * A valid host name that the {@link HostSettingsLookup} rejects, such as a host missing from
     * Prosody's configuration or one whose accounts are not files.
     */
    HOST
  }

  /**
   * Orders problems by line and column. The sort is stable, so problems of a manifest built in
   * Java, whose lines are 0, keep the order of the checks.
   */
  static final Comparator<ManifestProblem> MANIFEST_ORDER =
      Comparator.comparingInt(ManifestProblem::line).thenComparingInt(ManifestProblem::column);

  /**
   * Returns the item and its position, such as {@code hosts[0].accounts[1]
   * (jvb@auth.meet.example.org) at line 7, column 9}.
   */
  public String position() {
    StringBuilder text = new StringBuilder(path.isEmpty() ? "manifest" : path);
    if (!jid.isEmpty()) {
      text.append(" (").append(jid).append(')');
    }
    if (line > 0) {
      text.append(" at line ").append(line).append(", column ").append(column);
    }
    return text.toString();
  }

  @Override
  public String toString() {
    return position() + ": " + message;
  }
}
