package org.prosodyaccounts.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The settings of one host section that decide how and where its accounts are stored, with the
 * global section's values filled in where the host sets none, as Prosody's {@code configmanager}
 * looks options up.
 *
 * @param name the section name after Nameprep, such as {@code auth.meet.example.org}
 * @param kind whether a {@code VirtualHost} or a {@code Component} declared it
 * @param componentModule the effective {@code component_module}: the module named by {@code
 *     Component "name" "module"}, or {@code component} for a bare {@code Component "name"} (an
 *     external component); empty for a {@code VirtualHost}
 * @param enabled false when the effective {@code enabled} option is {@code false}. prosodyctl still
 *     treats a disabled host as declared
 * @param authentication the effective {@code authentication} option, {@code anonymous} when the
 *     deprecated {@code anonymous_login} option is true, else {@code internal_hashed}
 * @param passwordHash the effective {@code password_hash} option exactly as written, or empty when
 *     unset (Prosody then uses {@code SHA-1})
 * @param defaultIterationCount the effective {@code default_iteration_count}, or empty when unset
 *     (Prosody then uses 10000)
 * @param accountsStorage the storage driver of the {@code accounts} store: the effective {@code
 *     storage} option when it is a string, its {@code accounts} entry when it is a table, else the
 *     effective {@code default_storage}, else {@code internal}. Prosody 0.12's old name {@code
 *     sql2} is reported as {@code sql}
 * @param declaredIn the configuration file of the first {@code VirtualHost} or {@code Component}
 *     line that named this host
 * @param declaredAtLine the 1-based line of that directive, or 0 when unknown
 */
public record HostConfig(
    String name,
    HostKind kind,
    Optional<String> componentModule,
    boolean enabled,
    String authentication,
    Optional<String> passwordHash,
    OptionalInt defaultIterationCount,
    String accountsStorage,
    Path declaredIn,
    int declaredAtLine) {

  /** The {@code storage} driver name of Prosody's file store, {@code mod_storage_internal}. */
  public static final String FILE_STORAGE = "internal";

  /**
   * Checks that no component is null and that the line is not negative.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if {@code declaredAtLine} is negative
   */
  public HostConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(componentModule, "componentModule");
    Objects.requireNonNull(authentication, "authentication");
    Objects.requireNonNull(passwordHash, "passwordHash");
    Objects.requireNonNull(defaultIterationCount, "defaultIterationCount");
    Objects.requireNonNull(accountsStorage, "accountsStorage");
    Objects.requireNonNull(declaredIn, "declaredIn");
    if (declaredAtLine < 0) {
      throw new IllegalArgumentException("declaredAtLine must not be negative: " + declaredAtLine);
    }
  }

  /**
   * Returns true when Prosody keeps this host's accounts in its data directory, that is when the
   * {@code accounts} store uses the {@code internal} driver.
   */
  public boolean storesAccountsInFiles() {
    return FILE_STORAGE.equals(accountsStorage);
  }
}
