package org.prosodyaccounts.server;

import java.util.List;
import org.prosodyaccounts.auth.AuthProvider;
import org.prosodyaccounts.auth.AuthSettings;
import org.prosodyaccounts.auth.HashAlgorithm;

/**
 * A {@code VirtualHost} of a test server and how it authenticates.
 *
 * @param name the host name, already nameprepped
 * @param provider the host's {@code authentication}
 * @param hash the host's {@code password_hash}
 */
public record VirtualHost(String name, AuthProvider provider, HashAlgorithm hash) {

  /** Returns an {@code internal_hashed} host with the default SCRAM-SHA-1. */
  public static VirtualHost hashedSha1(String name) {
    return new VirtualHost(name, AuthProvider.INTERNAL_HASHED, HashAlgorithm.SHA_1);
  }

  /** Returns an {@code internal_hashed} host with {@code password_hash = "SHA-256"}. */
  public static VirtualHost hashedSha256(String name) {
    return new VirtualHost(name, AuthProvider.INTERNAL_HASHED, HashAlgorithm.SHA_256);
  }

  /** Returns an {@code internal_plain} host. */
  public static VirtualHost plain(String name) {
    return new VirtualHost(name, AuthProvider.INTERNAL_PLAIN, HashAlgorithm.SHA_1);
  }

  /** Returns the settings that the library and the command line need to match this host. */
  public AuthSettings settings() {
    return new AuthSettings(provider, hash, AuthSettings.defaults().iterations());
  }

  /** Returns the {@code --auth} and {@code --password-hash} options that describe this host. */
  public List<String> cliOptions() {
    return List.of("--auth", provider.configName(), "--password-hash", hash.configName());
  }

  /**
   * Returns the mechanisms that Prosody 0.12 and 13 offer on this host without TLS. An
   * {@code internal_hashed} host offers PLAIN and the SCRAM of its {@code password_hash} only,
   * because its records hold keys of that hash. An {@code internal_plain} host derives keys from
   * the stored password, so it offers both SCRAM mechanisms.
   *
   * <p>NOTE: the SCRAM-*-PLUS variants need TLS, which the test servers do not offer, so no test
   * logs in with them.
   */
  public List<Mechanism> mechanisms() {
    if (provider == AuthProvider.INTERNAL_PLAIN) {
      return List.of(Mechanism.PLAIN, Mechanism.SCRAM_SHA_1, Mechanism.SCRAM_SHA_256);
    }
    return hash == HashAlgorithm.SHA_256
        ? List.of(Mechanism.PLAIN, Mechanism.SCRAM_SHA_256)
        : List.of(Mechanism.PLAIN, Mechanism.SCRAM_SHA_1);
  }

  /** Returns the host's section of the configuration file. */
  String configSection() {
    StringBuilder section = new StringBuilder();
    section.append("VirtualHost ").append(LuaText.quote(name)).append('\n');
    section.append("\tauthentication = ").append(LuaText.quote(provider.configName())).append('\n');
    section.append("\tpassword_hash = ").append(LuaText.quote(hash.configName())).append('\n');
    return section.toString();
  }

  @Override
  public String toString() {
    return name + " (" + provider.configName() + (provider == AuthProvider.INTERNAL_HASHED ? ", " + hash.configName() : "") + ")";
  }
}
