package org.prosodyaccounts.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.prosodyaccounts.DataDirectoryCheck;
import org.prosodyaccounts.auth.AuthSettings;
import org.prosodyaccounts.auth.HashAlgorithm;
import org.prosodyaccounts.config.HostConfig;
import org.prosodyaccounts.config.HostKind;
import org.prosodyaccounts.config.ProsodyConfig;
import org.prosodyaccounts.store.DataDirectoryException;
import org.prosodyaccounts.store.NameEncoding;
import org.prosodyaccounts.store.PosixIdentity;

/**
 * The {@code doctor} command: shows the configuration that was found and checks the data
 * directory against it.
 */
final class Doctor {

  private final String programName;
  private final Report report;

  Doctor(Report report) {
    this.programName = report.programName();
    this.report = report;
  }

  /**
   * A finding: text mode prints {@code kind: subject}, the message and the fix.
   *
   * @param label what is wrong, in lowercase words, such as {@code ignored accounts}
   * @param path the file or folder concerned, or null when the finding is not about one
   * @param subject what text mode names after the kind: the path, a host or a user
   */
  private record Problem(String label, Path path, String subject, String message, String fix) {

    /** Returns the finding as {@code doctor}'s JSON result lists it, its kind such as {@code ignored_accounts}. */
    Map<String, Object> toJson() {
      Map<String, Object> json = Report.object();
      json.put("kind", label.replace(' ', '_'));
      json.put("path", path);
      json.put("message", message);
      json.put("fix", fix);
      return json;
    }
  }

  /** Prints the report and returns 0 when nothing is wrong, or 1 when something is. */
  int run(List<String> args, Configuration configuration, Path dataPath, HostResolver resolver, CliOptions options)
      throws IOException {
    if (!args.isEmpty()) {
      boolean help = args.size() == 1 && (args.get(0).equals("--help") || args.get(0).equals("-h"));
      return report.usage(
          help ? ExitCode.OK : ExitCode.USAGE,
          help,
          List.of(
              "Usage: " + programName + " doctor", " Show the configuration and check the data directory for problems."));
    }
    Path absolute = dataPath.toAbsolutePath().normalize();
    printConfiguration(configuration.config(), absolute, resolver);
    if (!Files.isDirectory(absolute)) {
      throw new DataDirectoryException(
          absolute,
          "data directory " + absolute + " (from " + configuration.dataPathOrigin(options)
              + ") does not exist: create it, owned by Prosody's user with mode 0750, or correct the path");
    }

    List<Problem> problems = new ArrayList<>(configurationProblems(configuration, resolver));
    Optional<PosixIdentity> prosodyUser = prosodyUser(configuration, absolute, problems);
    PosixIdentity user = prosodyUser.orElse(PosixIdentity.ownerOf(absolute));
    String owner = configuration.prosodyUser()
        .map(name -> name + ":" + configuration.config().flatMap(ProsodyConfig::prosodyGroup).orElse(name))
        .orElse(user.name() + ":" + Files.readAttributes(absolute, java.nio.file.attribute.PosixFileAttributes.class).group().getName());
    Optional<Set<String>> declared = configuration.config().map(config -> config.hosts().keySet());
    problems.addAll(ignoredAccounts(configuration, resolver, absolute));
    for (DataDirectoryCheck.Finding finding :
        DataDirectoryCheck.run(absolute, user, owner, declared, host -> settingsFor(host, configuration, resolver, options))) {
      problems.add(
          new Problem(
              finding.problem().name().toLowerCase(Locale.ROOT).replace('_', ' '),
              finding.path(),
              finding.path().toString(),
              finding.detail(),
              finding.fix()));
    }

    report.println("");
    report.println("Checks of " + absolute + " for " + user + ":");
    report.put("checked_for", user.toString()).put("problems", new ArrayList<>());
    for (Problem problem : problems) {
      report.println("  " + problem.label() + ": " + problem.subject());
      report.println("    " + problem.message());
      report.println("    fix: " + problem.fix());
      report.append("problems", problem.toJson());
    }
    if (problems.isEmpty()) {
      report.println("  no problems found");
      return ExitCode.OK;
    }
    String summary = problems.size() + (problems.size() == 1 ? " problem found" : " problems found");
    report.println(summary);
    return report.failed(ExitCode.FAILURE, ErrorCode.PROBLEMS_FOUND, summary + " (see result.problems)");
  }

  /**
   * Returns the problems of the configuration itself that make account commands fail: an unknown
   * authentication provider, which may be a misspelling, and an invalid password_hash.
   */
  private static List<Problem> configurationProblems(Configuration configuration, HostResolver resolver) {
    List<Problem> problems = new ArrayList<>();
    if (configuration.config().isEmpty()) {
      return problems;
    }
    for (HostConfig host : configuration.config().get().hosts().values()) {
      if (host.kind() == HostKind.COMPONENT) {
        continue;
      }
      String where = host.declaredIn() + ":" + host.declaredAtLine();
      if (!ConfiguredHosts.isKnownProvider(host.authentication())) {
        problems.add(
            new Problem(
              "unknown authentication provider",
              host.declaredIn(),
              host.name() + " (host declared at " + where + ")",
              "authentication = \"" + host.authentication() + "\" names no provider that Prosody or Jitsi ships"
                  + ConfiguredHosts.suggestion(host.authentication()),
              "correct the authentication option of " + host.name()));
      }
      Optional<String> hash = host.passwordHash();
      if (hash.isPresent() && HashAlgorithm.fromConfigName(hash.get()).isEmpty()) {
        problems.add(
            new Problem(
              "invalid password_hash",
              host.declaredIn(),
              host.name() + " (host declared at " + where + ")",
              "password_hash = \"" + hash.get() + "\" is not SHA-1 or SHA-256, the values Prosody supports",
              "set password_hash to SHA-1 or SHA-256"));
      }
    }
    return problems;
  }

  /**
   * Returns the accounts folders of declared hosts whose accounts are not files (another
   * provider, SQL storage) or that are components, because Prosody never reads those files.
   */
  private static List<Problem> ignoredAccounts(Configuration configuration, HostResolver resolver, Path dataPath)
      throws IOException {
    List<Problem> problems = new ArrayList<>();
    if (configuration.config().isEmpty()) {
      return problems;
    }
    for (HostConfig host : configuration.config().get().hosts().values()) {
      Path accounts = dataPath.resolve(NameEncoding.encode(host.name())).resolve("accounts");
      if (!hasDataFiles(accounts)) {
        continue;
      }
      HostResolver.ResolvedHost resolved = resolver.resolve(host.name());
      String reason;
      if (host.kind() == HostKind.COMPONENT) {
        reason = host.name() + " is a component, which has no client logins";
      } else if (resolved.rejection().isPresent()) {
        reason = resolved.rejection().get().explanation();
      } else {
        continue;
      }
      problems.add(
          new Problem(
            "ignored accounts",
            accounts,
            accounts.toString(),
            "Prosody never reads these files: " + reason,
            "remove the folder if it is left over, or change the host's configuration"));
    }
    return problems;
  }

  private static boolean hasDataFiles(Path accounts) throws IOException {
    if (!Files.isDirectory(accounts)) {
      return false;
    }
    try (var files = Files.newDirectoryStream(accounts, "*.dat")) {
      return files.iterator().hasNext();
    }
  }

  private void printConfiguration(Optional<ProsodyConfig> config, Path dataPath, HostResolver resolver) {
    Map<String, Object> json = Report.object();
    List<String> files = new ArrayList<>();
    List<Map<String, Object>> hosts = new ArrayList<>();
    json.put("files", files);
    json.put("data_path", dataPath);
    json.put("hosts", hosts);
    report.put("configuration", json);

    if (config.isEmpty()) {
      report.println("Configuration: none read");
    } else {
      report.println("Configuration files, in the order read:");
      for (Path file : config.get().files()) {
        report.println("  " + file);
        files.add(file.toString());
      }
    }
    report.println("data_path: " + dataPath);
    if (config.isEmpty()) {
      return;
    }
    report.println("Hosts:");
    for (HostConfig host : config.get().hosts().values()) {
      HostResolver.ResolvedHost resolved = resolver.resolve(host.name());
      report.println("  " + describe(host, resolved));
      hosts.add(hostJson(host, resolved));
    }
  }

  /** Returns the facts of {@link #describe} as a JSON object, null where text mode omits them. */
  private static Map<String, Object> hostJson(HostConfig host, HostResolver.ResolvedHost resolved) {
    boolean component = host.kind() == HostKind.COMPONENT;
    boolean hashed =
        !component && resolved.rejection().isEmpty() && host.authentication().equals("internal_hashed");
    Map<String, Object> json = Report.object();
    json.put("host", host.name());
    json.put("kind", component ? "component" : "virtual_host");
    json.put("component_module", component ? host.componentModule().orElse(null) : null);
    json.put("authentication", component ? null : host.authentication());
    json.put("hash", hashed ? resolved.settings().hash().configName() : null);
    json.put("iterations", hashed ? resolved.settings().iterations() : null);
    json.put("accounts_storage", component ? null : host.accountsStorage());
    json.put("enabled", host.enabled());
    return json;
  }

  private static String describe(HostConfig host, HostResolver.ResolvedHost resolved) {
    StringBuilder line = new StringBuilder(host.name());
    if (host.kind() == HostKind.COMPONENT) {
      line.append("  component ").append(host.componentModule().orElse("(external)"));
    } else {
      line.append("  authentication ").append(host.authentication());
      if (resolved.rejection().isEmpty() && host.authentication().equals("internal_hashed")) {
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

  /**
   * Returns the user Prosody runs as, or empty when the data directory's owner stands for it. A
   * configured user that does not exist is a problem, because every write as root fails then.
   */
  private static Optional<PosixIdentity> prosodyUser(Configuration configuration, Path dataPath, List<Problem> problems) {
    Optional<String> name = configuration.prosodyUser();
    if (name.isEmpty()) {
      return Optional.empty();
    }
    Optional<PosixIdentity> user = PosixIdentity.lookup(name.get());
    if (user.isEmpty()) {
      problems.add(
          new Problem(
            "missing user",
            null,
            "prosody_user \"" + name.get() + "\"",
            "the user Prosody runs as does not exist on this machine, so access is checked for the data directory's owner",
            "create the user, or correct prosody_user in the configuration"));
    }
    return user;
  }

  /**
   * Returns the settings to check a host's records with: from the configuration for a declared
   * host whose accounts are files, or from {@code --auth} without a configuration; otherwise
   * unknown, so that no record is judged by a guess.
   */
  private static Optional<AuthSettings> settingsFor(
      String host, Configuration configuration, HostResolver resolver, CliOptions options) {
    HostResolver.ResolvedHost resolved = resolver.resolve(host);
    if (resolved.rejection().isPresent()) {
      return Optional.empty();
    }
    if (configuration.config().isPresent()) {
      return resolved.declared().orElse(false) ? Optional.of(resolved.settings()) : Optional.empty();
    }
    return options.auth().isPresent() ? Optional.of(resolved.settings()) : Optional.empty();
  }
}
