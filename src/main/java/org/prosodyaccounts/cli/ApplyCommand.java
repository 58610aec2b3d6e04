package org.prosodyaccounts.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.prosodyaccounts.ApplyReport;
import org.prosodyaccounts.ApplyReport.Action;
import org.prosodyaccounts.ApplyReport.Kind;
import org.prosodyaccounts.HostAccounts;
import org.prosodyaccounts.HostRejectedException;
import org.prosodyaccounts.HostSettingsLookup;
import org.prosodyaccounts.Manifest;
import org.prosodyaccounts.ManifestException;
import org.prosodyaccounts.ManifestProblem;
import org.prosodyaccounts.ProsodyAccounts;
import org.prosodyaccounts.ProsodyVersion;
import org.prosodyaccounts.auth.AuthSettings;
import org.prosodyaccounts.prep.InvalidJidException;

/**
 * The {@code apply FILE} command: makes the accounts, roles and roster subscriptions of a JSON
 * manifest true (see {@link Manifest}). Every host is resolved as {@code register} resolves it,
 * and all of them before anything is written.
 */
final class ApplyCommand {

  /** How many of a host's records are read to tell whether Prosody 13 manages it. */
  private static final int TIMESTAMP_SAMPLE = 20;

  private final String programName;
  private final Report output;
  private final InputStream in;
  private final UserCommands.AccountsOpener opener;
  private final HostResolver resolver;
  private final Optional<ProsodyVersion> prosodyVersion;
  private final Map<String, String> environment;

  ApplyCommand(
      Report output,
      InputStream in,
      UserCommands.AccountsOpener opener,
      HostResolver resolver,
      Optional<ProsodyVersion> prosodyVersion,
      Map<String, String> environment) {
    this.programName = output.programName();
    this.output = output;
    this.in = in;
    this.opener = opener;
    this.resolver = resolver;
    this.prosodyVersion = prosodyVersion;
    this.environment = environment;
  }

  /** Runs {@code apply FILE} and returns the exit code. */
  int run(List<String> args) throws IOException {
    if (args.size() != 1 || isHelp(args.get(0))) {
      boolean help = args.size() == 1;
      return output.usage(
          help ? ExitCode.OK : ExitCode.USAGE,
          help,
          List.of(
              "Usage: " + programName + " apply FILE",
              " Create or update the accounts of the JSON manifest FILE (- for standard input), set their",
              " roles and roster subscriptions, and with \"prune\" delete the accounts it does not list.",
              " The whole manifest is checked before anything is written."));
    }

    String name = args.get(0);
    String label = name.equals("-") ? "standard input" : name;
    Manifest manifest;
    try {
      manifest = read(name);
    } catch (NoSuchFileException e) {
      return output.fail(ExitCode.USAGE, ErrorCode.USAGE, "manifest file " + name + " does not exist");
    } catch (InvalidPathException e) {
      return output.fail(ExitCode.USAGE, ErrorCode.USAGE, "invalid manifest file name '" + name + "': " + e.getReason());
    } catch (ManifestException e) {
      HostChecks hosts = new HostChecks(opener);
      return report(label, withLaterProblems(e, hosts), hosts);
    }

    HostChecks hosts = new HostChecks(opener);
    ApplyReport report;
    try {
      report = hosts.accounts().apply(manifest, hosts, this::printItem);
    } catch (ManifestException e) {
      return report(label, e.problems(), hosts);
    }
    printSummary(report);
    return ExitCode.OK;
  }

  /**
   * Adds the host and roster problems of the valid items to the problems of {@link Manifest#read},
   * so that one run reports the problems of every stage.
   */
  private List<ManifestProblem> withLaterProblems(ManifestException e, HostChecks hosts) {
    List<ManifestProblem> problems = new ArrayList<>(e.problems());
    if (e.validItems().isEmpty()) {
      return problems;
    }
    try {
      problems.addAll(hosts.accounts().check(e.validItems().get(), hosts));
    } catch (IOException later) {
      output.warn("note: the hosts and roster accounts of the manifest were not checked: " + later.getMessage());
      return problems;
    }
    problems.sort(Comparator.comparingInt(ManifestProblem::line).thenComparingInt(ManifestProblem::column));
    return problems;
  }

  private Manifest read(String name) throws IOException, ManifestException {
    if (name.equals("-")) {
      InputStream manifest =
          new FilterInputStream(in) {
            @Override
            public void close() {
              // Standard input stays open for the caller.
            }
          };
      return Manifest.read(manifest, Path.of("").toAbsolutePath(), environment, null);
    }
    return Manifest.read(Path.of(name), environment, in);
  }

  /**
   * Looks up each host as {@code register} does, once, and prints its notices: a component's
   * warning, and without a configuration the note that a host's folder does not exist yet.
   */
  private final class HostChecks implements HostSettingsLookup {
    private final UserCommands.AccountsOpener opener;
    private ProsodyAccounts accounts;
    private final Map<String, HostResolver.ResolvedHost> resolved = new HashMap<>();
    private final Set<String> undeclared = new HashSet<>();

    HostChecks(UserCommands.AccountsOpener opener) {
      this.opener = opener;
    }

    /** Opens the data directory on first use, so that problems of the manifest come before its errors. */
    ProsodyAccounts accounts() throws IOException {
      if (accounts == null) {
        accounts = opener.open();
      }
      return accounts;
    }

    @Override
    public AuthSettings settings(String host) throws HostRejectedException, IOException {
      HostResolver.ResolvedHost resolvedHost = resolved.get(host);
      if (resolvedHost == null) {
        resolvedHost = resolver.resolve(host);
        resolved.put(host, resolvedHost);
        if (resolvedHost.declared().equals(Optional.of(false))) {
          undeclared.add(host);
        } else if (resolvedHost.rejection().isEmpty()) {
          resolvedHost.notice().ifPresent(output::warn);
          noteNewHost(host, resolvedHost);
        }
      }
      if (resolvedHost.declared().equals(Optional.of(false))) {
        throw new HostRejectedException(UserCommands.NO_SUCH_HOST
            + ": declare it in Prosody's configuration, or correct the host name");
      }
      if (resolvedHost.rejection().isPresent()) {
        throw new HostRejectedException(resolvedHost.rejection().get().explanation());
      }
      return resolvedHost.settings();
    }

    @Override
    public boolean timestamps(String host) throws IOException {
      if (prosodyVersion.isPresent()) {
        return prosodyVersion.get().writesTimestamps();
      }
      try {
        HostAccounts hostAccounts = accounts().host(host, resolved.get(host).settings());
        return hostAccounts.hasTimestampedRecords(TIMESTAMP_SAMPLE);
      } catch (InvalidJidException e) {
        throw new AssertionError("the manifest prepped the host before: " + host, e);
      }
    }

    /** Without a configuration that lists the hosts, warns that a host's folder is new, as {@code register} does. */
    private void noteNewHost(String host, HostResolver.ResolvedHost resolvedHost) throws IOException {
      if (resolvedHost.declared().isPresent()) {
        return;
      }
      try {
        HostAccounts hostAccounts = accounts().host(host, resolvedHost.settings());
        if (!Files.isDirectory(hostAccounts.folder())) {
          output.warn("note: " + hostAccounts.folder() + " does not exist yet, so host " + host
              + " is new in this data directory: check its spelling");
        }
      } catch (InvalidJidException e) {
        throw new AssertionError("the manifest prepped the host before: " + host, e);
      }
    }

    /** Returns the error code of a host problem: whether the configuration lacks the host. */
    ErrorCode errorCode(ManifestProblem problem) {
      return undeclared.contains(problem.jid()) ? ErrorCode.NO_SUCH_HOST : ErrorCode.HOST_REJECTED;
    }
  }

  /**
   * Reports the problems of a manifest that was not applied, and returns the exit code of the most
   * basic kind among them: 2 for a problem of form, else 1 for an invalid item, else 7 for a host.
   */
  private int report(String label, List<ManifestProblem> problems, HostChecks hosts) {
    output.put("problems", new ArrayList<>());
    for (ManifestProblem problem : problems) {
      Map<String, Object> item = Report.object();
      item.put("kind", problem.kind().name().toLowerCase(Locale.ROOT));
      item.put("path", problem.path());
      item.put("jid", problem.jid().isEmpty() ? null : problem.jid());
      item.put("line", problem.line() > 0 ? problem.line() : null);
      item.put("column", problem.line() > 0 ? problem.column() : null);
      item.put("message", problem.message());
      output.append("problems", item);

      StringBuilder line = new StringBuilder(programName).append(": ").append(label);
      if (problem.line() > 0) {
        line.append(':').append(problem.line()).append(':').append(problem.column());
      }
      line.append(": ").append(problem.path().isEmpty() ? "manifest" : problem.path());
      if (!problem.jid().isEmpty()) {
        line.append(" (").append(problem.jid()).append(')');
      }
      line.append(": ").append(problem.message());
      output.printErr(line.toString());
    }
    output.printErr(programName + ": nothing was applied: fix the problems above and run apply again");

    ManifestProblem deciding = problems.stream().min(Comparator.comparing(ManifestProblem::kind)).orElseThrow();
    int exitCode;
    ErrorCode errorCode;
    switch (deciding.kind()) {
      case SCHEMA:
        exitCode = ExitCode.USAGE;
        errorCode = ErrorCode.MANIFEST_INVALID;
        break;
      case INVALID:
        exitCode = ExitCode.FAILURE;
        errorCode = ErrorCode.MANIFEST_INVALID;
        break;
      case HOST:
        exitCode = ExitCode.CONFIGURATION;
        errorCode = hosts.errorCode(deciding);
        break;
      default:
        throw new AssertionError(deciding.kind());
    }
    int count = problems.size();
    return output.failed(
        exitCode,
        errorCode,
        "nothing was applied because of " + count + (count == 1 ? " problem" : " problems") + " in " + label
            + " (see result.problems): fix them and run apply again");
  }

  /** Reports one item as soon as it is done: a flushed line in text mode, so that an interrupted run shows it. */
  private void printItem(ApplyReport.Item item) {
    String action = item.action().name().toLowerCase(Locale.ROOT);
    Map<String, Object> json = Report.object();
    json.put("kind", item.kind().name().toLowerCase(Locale.ROOT));
    json.put("target", item.target());
    json.put("detail", item.detail().orElse(null));
    json.put("action", action);
    output.append("items", json);
    switch (item.kind()) {
      case ACCOUNT:
      case PRUNE:
        output.println(action + " " + item.target());
        break;
      case ROLE:
        output.println(action + " role " + item.target() + " " + item.detail().orElseThrow());
        break;
      case ROSTER:
        output.println(action + " roster " + item.target() + ": subscription from " + item.detail().orElseThrow());
        break;
      default:
        throw new AssertionError(item.kind());
    }
    output.standardOutput().flush();
    if (item.kind() == Kind.ACCOUNT && item.action() == Action.UPDATED) {
      int at = item.target().indexOf('@');
      JitsiAccounts.remind(output, item.target().substring(0, at), item.target().substring(at + 1));
    }
  }

  private void printSummary(ApplyReport report) {
    if (report.items().isEmpty()) {
      output.put("items", new ArrayList<>());
    }
    for (Action action : Action.values()) {
      output.put(action.name().toLowerCase(Locale.ROOT), report.count(action));
    }
    output.println(
        "accounts: " + report.count(Kind.ACCOUNT, Action.CREATED) + " created, "
            + report.count(Kind.ACCOUNT, Action.UPDATED) + " updated, "
            + report.count(Kind.ACCOUNT, Action.UNCHANGED) + " unchanged; roles: "
            + report.count(Kind.ROLE, Action.CHANGED) + " changed, " + report.count(Kind.ROLE, Action.UNCHANGED)
            + " unchanged; rosters: " + report.count(Kind.ROSTER, Action.CHANGED) + " changed, "
            + report.count(Kind.ROSTER, Action.UNCHANGED) + " unchanged; deleted: "
            + report.count(Kind.PRUNE, Action.DELETED));
    if (report.count(Kind.ROSTER, Action.CHANGED) > 0) {
      output.warn("note: a running Prosody caches rosters: restart it, or reload the roster"
          + " (Jitsi reloads the client_proxy module), before the change takes effect");
    }
  }

  private static boolean isHelp(String argument) {
    return argument.equals("--help") || argument.equals("-h") || argument.equals("-?");
  }
}
