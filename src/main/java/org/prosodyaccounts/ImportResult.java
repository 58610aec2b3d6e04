package org.prosodyaccounts;

/**
 * The change an import made for one entry.
 *
 * @param line the input line of the entry
 * @param jid the prepped JID, {@code user@host}
 * @param outcome created, updated or unchanged
 */
public record ImportResult(long line, String jid, ImportOutcome outcome) {}
