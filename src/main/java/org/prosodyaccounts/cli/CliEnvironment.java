package org.prosodyaccounts.cli;

import java.nio.file.Path;
import java.util.Map;
import org.prosodyaccounts.ProsodyVersion;

/**
 * The inputs the command line takes from the machine besides its arguments, so that tests can
 * run it without the machine's own Prosody installation.
 *
 * @param variables the environment variables ({@code PROSODY_CONFIG}, and {@code ENV_*} values
 *     for the configuration)
 * @param prosodyVersionFile the installed Prosody's {@code prosody.version} file, which need not
 *     exist
 * @param defaultConfigFile the configuration read when neither {@code --config} nor
 *     {@code PROSODY_CONFIG} names one
 */
record CliEnvironment(Map<String, String> variables, Path prosodyVersionFile, Path defaultConfigFile) {

  /** Debian's and Prosody's default configuration file. */
  static final Path DEFAULT_CONFIG_FILE = Path.of("/etc/prosody/prosody.cfg.lua");

  CliEnvironment {
    variables = Map.copyOf(variables);
  }

  /** Returns this process's environment and Debian's paths. */
  static CliEnvironment system() {
    return new CliEnvironment(System.getenv(), ProsodyVersion.DEBIAN_VERSION_FILE, DEFAULT_CONFIG_FILE);
  }
}
