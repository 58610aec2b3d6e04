/**
 * Stringprep and JID handling that matches Prosody's: the Nodeprep, Nameprep, Resourceprep and
 * SASLprep profiles with Prosody's ICU options ({@link org.prosodyaccounts.prep.Stringprep}), and
 * the JID splitting and preparation of {@code util.jid} ({@link org.prosodyaccounts.prep.Jid}).
 */
package org.prosodyaccounts.prep;
