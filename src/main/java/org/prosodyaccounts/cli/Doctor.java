package org.prosodyaccounts.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.prosodyaccounts.DataDirectoryCheck;
import org.prosodyaccounts.auth.AuthSettings;
import org.prosodyaccounts.config.HostConfig;
import org.prosodyaccounts.config.HostKind;
import org.prosodyaccounts.config.ProsodyConfig;
import org.prosodyaccounts.store.DataDirectoryException;
import org.prosodyaccounts.store.PosixIdentity;

/**
 * The {@code doctor} command: shows the configuration that was found and checks the data
 * directory against it.
 */
final class Doctor {

  private final String programName;
  private final PrintStream out;
  private final PrintStream err;

  Doctor(String programName, PrintStream out, PrintStream err) {
    this.programName = programName;
    this.out = out;
    this.err = err;
  }

  /** Prints the report and returns 0 when nothing is wrong, or 1 when something is. */
  int run(List<String> args, Configuration configuration, Path dataPath, HostResolver resolver, CliOptions options)
      throws IOException {
    if (!args.isEmpty()) {
      err.println("Usage: " + programName + " doctor");
      err.println(" Show the configuration and check the data directory for problems.");
      return args.size() == 1 && (args.get(0).equals("--help") || args.get(0).equals("-h")) ? ExitCode.OK : ExitCode.USAGE;
    }
    Path absolute = dataPath.toAbsolutePath().normalize();
    if (!Files.isDirectory(absolute)) {
      throw new DataDirectoryException(absolute, "data directory " + absolute + " does not exist: give Prosody's data_path with --data-path");
    }

    printConfiguration(configuration.config(), absolute, resolver);
    PosixIdentity prosodyUser = prosodyUser(configuration, absolute);
    Optional<Set<String>> declared = configuration.config().map(config -> config.hosts().keySet());
    List<DataDirectoryCheck.Finding> findings =
        DataDirectoryCheck.run(absolute, prosodyUser, declared, host -> settingsFor(host, configuration, resolver, options));

    out.println();
    out.println("Checks of " + absolute + " for " + prosodyUser + ":");
    for (DataDirectoryCheck.Finding finding : findings) {
      out.println("  " + finding.problem().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + finding.path());
      out.println("    " + finding.detail());
      out.println("    fix: " + finding.fix());
    }
    if (findings.isEmpty()) {
      out.println("  no problems found");
      return ExitCode.OK;
    }
    out.println(findings.size() + (findings.size() == 1 ? " problem found" : " problems found"));
    return ExitCode.FAILURE;
  }

  private void printConfiguration(Optional<ProsodyConfig> config, Path dataPath, HostResolver resolver) {
    if (config.isEmpty()) {
      out.println("Configuration: none read");
    } else {
      out.println("Configuration files, in the order read:");
      for (Path file : config.get().files()) {
        out.println("  " + file);
      }
    }
    out.println("data_path: " + dataPath);
    if (config.isEmpty()) {
      return;
    }
    out.println("Hosts:");
    for (HostConfig host : config.get().hosts().values()) {
      out.println("  " + describe(host, resolver.resolve(host.name())));
    }
  }

  private static String describe(HostConfig host, HostResolver.ResolvedHost resolved) {
    StringBuilder line = new StringBuilder(host.name());
    if (host.kind() == HostKind.COMPONENT) {
      line.append("  component ").append(host.componentModule().orElse("(external)"));
    } else {
      line.append("  authentication ").append(host.authentication());
      if (resolved.refusal().isEmpty() && host.authentication().equals("internal_hashed")) {
        line.append(", hash ").append(resolved.settings().hash().configName());
        line.append(", ").append(resolved.settings().iterations()).append(" iterations");
      }
      line.append(", accounts storage ").append(host.accountsStorage());
    }
    if (!host.enabled()) {
      line.append(" (enabled = false)");
    }
    return line.toString();
  }

  private PosixIdentity prosodyUser(Configuration configuration, Path dataPath) throws IOException {
    Optional<String> name = configuration.prosodyUser();
    if (name.isPresent()) {
      Optional<PosixIdentity> user = PosixIdentity.lookup(name.get());
      if (user.isPresent()) {
        return user.get();
      }
      err.println(programName + ": warning: prosody_user \"" + name.get() + "\" does not exist; checking access for the data directory's owner");
    }
    return PosixIdentity.ownerOf(dataPath);
  }

  /**
   * Returns the settings to check a host's records with: from the configuration for a declared
   * host whose accounts are files, or from {@code --auth} without a configuration; otherwise
   * unknown, so that no record is judged by a guess.
   */
  private static Optional<AuthSettings> settingsFor(
      String host, Configuration configuration, HostResolver resolver, CliOptions options) {
    HostResolver.ResolvedHost resolved = resolver.resolve(host);
    if (resolved.refusal().isPresent()) {
      return Optional.empty();
    }
    if (configuration.config().isPresent()) {
      return resolved.declared().orElse(false) ? Optional.of(resolved.settings()) : Optional.empty();
    }
    return options.auth().isPresent() ? Optional.of(resolved.settings()) : Optional.empty();
  }
}
