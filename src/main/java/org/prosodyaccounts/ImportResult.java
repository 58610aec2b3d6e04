package org.prosodyaccounts;

/**
 * What an import did with one entry.
 *
 * @param line the input line of the entry
 * @param jid the prepped JID, {@code user@host}
 * @param outcome created, updated or unchanged
 */
public record ImportResult(long line, String jid, ImportOutcome outcome) {}
