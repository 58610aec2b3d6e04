package org.prosodyaccounts.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.prosodyaccounts.ProsodyAccounts;
import org.prosodyaccounts.ProsodyVersion;
import org.prosodyaccounts.auth.AuthSettings;
import org.prosodyaccounts.config.ConfigException;
import org.prosodyaccounts.config.ProsodyConfig;
import org.prosodyaccounts.store.PosixIdentity;

/**
 * The Prosody configuration a command runs with, found as prosodyctl finds it: {@code --config
 * FILE}, else {@code $PROSODY_CONFIG}, else {@code /etc/prosody/prosody.cfg.lua}. With
 * {@code --data-path} and neither of the first two, no configuration is read.
 *
 * @param versionFile the file that names the installed Prosody release, such as Debian's
 * @param config the configuration, or empty when none was read
 * @param notice a line for standard error about how the configuration was chosen, or empty
 */
record Configuration(Path versionFile, Optional<ProsodyConfig> config, Optional<String> notice) {

  /** The user prosodyctl switches to when the configuration sets no {@code prosody_user}. */
  static final String DEFAULT_PROSODY_USER = "prosody";

  /**
   * Finds and reads the configuration.
   *
   * @throws ConfigurationError if a configuration that exists cannot be read, and
   *     {@code --data-path} and {@code --auth} were not both given to go on without it; or if a
   *     file named by {@code --config} or {@code PROSODY_CONFIG} does not exist
   */
  static Configuration load(CliOptions options, CliEnvironment environment) throws ConfigurationError {
    if (options.noConfig()) {
      return new Configuration(environment.prosodyVersionFile(), Optional.empty(), Optional.empty());
    }
    Optional<Path> named =
        options.config()
            .or(() -> Optional.ofNullable(environment.variables().get("PROSODY_CONFIG"))
                .filter(value -> !value.isEmpty())
                .map(Path::of));
    if (named.isEmpty() && options.dataPath().isPresent()) {
      // An explicit data directory with no named configuration is a directory the system's
      // configuration does not describe, such as a container volume or a test copy.
      return new Configuration(environment.prosodyVersionFile(), Optional.empty(), Optional.empty());
    }
    Path file = named.orElse(environment.defaultConfigFile()).toAbsolutePath().normalize();

    if (!Files.exists(file)) {
      if (named.isPresent()) {
        throw new ConfigurationError(
            "configuration file " + file + " does not exist: fix --config or PROSODY_CONFIG, or give --no-config"
                + " with --data-path and --auth to go on without a configuration");
      }
      return new Configuration(
          environment.prosodyVersionFile(),
          Optional.empty(),
          Optional.of(
              "note: no Prosody configuration at " + file + ", so every host uses the options and Prosody's defaults"));
    }
    try {
      return new Configuration(
          environment.prosodyVersionFile(), Optional.of(ProsodyConfig.load(file, environment.variables())), Optional.empty());
    } catch (ConfigException e) {
      // Going on needs both: the data directory, and the provider that decides the record format.
      // With --data-path alone, a clear-text host would get hashed records that cannot log in.
      if (options.dataPath().isEmpty() || options.auth().isEmpty()) {
        throw new ConfigurationError(e.getMessage());
      }
      return new Configuration(
          environment.prosodyVersionFile(),
          Optional.empty(),
          Optional.of(
              "warning: the configuration was not read, so every host uses --auth "
                  + options.auth().get().configName() + ": " + e.getMessage()));
    }
  }

  /** Thrown when the configuration cannot be read; the message names the file and the way on. */
  static final class ConfigurationError extends Exception {

    ConfigurationError(String message) {
      super(message);
    }
  }

  /**
   * Returns where the data directory comes from, for messages about it: the option, the
   * configuration's {@code data_path}, or the default.
   */
  String dataPathOrigin(CliOptions options) {
    if (options.dataPath().isPresent()) {
      return "--data-path";
    }
    if (config.flatMap(ProsodyConfig::dataPath).isPresent()) {
      return "data_path in " + config.get().files().get(0);
    }
    return "the default data_path";
  }

  /** Returns the data directory: {@code --data-path}, else the configuration's {@code data_path}, else Debian's default. */
  Path dataPath(CliOptions options) {
    if (options.dataPath().isPresent()) {
      return options.dataPath().get();
    }
    // Prosody makes a relative data_path absolute against its working directory.
    return config.flatMap(ProsodyConfig::dataPath).map(Path::of).orElse(ProsodyAccounts.DEFAULT_DATA_PATH);
  }

  /**
   * Opens the data directory. With a configuration, new entries get the owner prosodyctl would
   * switch to: {@code prosody_user} (default {@code prosody}) and {@code prosody_group} (default
   * the user's name). When the default user does not exist, or without a configuration, they get
   * the data directory's owner.
   */
  ProsodyAccounts open(Path dataPath) throws IOException {
    Optional<String> user = prosodyUser();
    if (user.isEmpty()) {
      return ProsodyAccounts.open(dataPath);
    }
    return ProsodyAccounts.open(dataPath, user.get(), config.get().prosodyGroup().orElse(user.get()));
  }

  /**
   * Returns the user Prosody runs as by the rule of {@link #open}: {@code prosody_user}, else
   * {@code prosody} when that user exists; empty without a configuration, when the data
   * directory's owner stands for it.
   */
  Optional<String> prosodyUser() {
    if (config.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> configured = config.get().prosodyUser();
    if (configured.isPresent()) {
      return configured;
    }
    return PosixIdentity.lookup(DEFAULT_PROSODY_USER).isPresent() ? Optional.of(DEFAULT_PROSODY_USER) : Optional.empty();
  }

  /** Returns the hosts' settings from the configuration and the options. */
  HostResolver hosts(CliOptions options) {
    if (config.isPresent()) {
      return new ConfiguredHosts(
          config.get(), options, options.prosodyVersion().or(() -> ProsodyVersion.installed(versionFile)));
    }
    AuthSettings defaults = AuthSettings.defaults();
    return HostResolver.withoutConfiguration(
        new AuthSettings(
            options.auth().orElse(defaults.provider()),
            options.hash().orElse(defaults.hash()),
            options.iterations().orElse(defaults.iterations())));
  }
}
