/**
 * Reads Prosody's configuration file the way {@code prosodyctl} does: the Lua file runs in a
 * sandbox that provides Prosody's configuration directives and the pure parts of Lua's standard
 * library, and the result lists the hosts and how each stores its accounts. {@link
 * org.prosodyaccounts.config.ProsodyConfig} is the entry point.
 */
package org.prosodyaccounts.config;
