package org.prosodyaccounts.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;
  private final UserCommands.AccountsOpener opener;
  private final HostResolver resolver;
  private final Optional<ProsodyVersion> prosodyVersion;
  private final Map<String, String> environment;

  ApplyCommand(
      String programName,
      InputStream in,
      PrintStream out,
      PrintStream err,
      UserCommands.AccountsOpener opener,
      HostResolver resolver,
      Optional<ProsodyVersion> prosodyVersion,
      Map<String, String> environment) {
    this.programName = programName;
    this.in = in;
    this.out = out;
    this.err = err;
    this.opener = opener;
    this.resolver = resolver;
    this.prosodyVersion = prosodyVersion;
    this.environment = environment;
  }

  /** Runs {@code apply FILE} and returns the exit code. */
  int run(List<String> args) throws IOException {
    if (args.size() != 1 || isHelp(args.get(0))) {
      PrintStream stream = args.size() == 1 ? out : err;
      stream.println("Usage: " + programName + " apply FILE");
      stream.println(" Create or update the accounts of the JSON manifest FILE (- for standard input), set their");
      stream.println(" roles and roster subscriptions, and with \"prune\" delete the accounts it does not list.");
      stream.println(" The whole manifest is checked before anything is written.");
      return args.size() == 1 ? ExitCode.OK : ExitCode.USAGE;
    }

    String name = args.get(0);
    String label = name.equals("-") ? "standard input" : name;
    Manifest manifest;
    try {
      manifest = read(name);
    } catch (NoSuchFileException e) {
      err.println(programName + ": manifest file " + name + " does not exist");
      return ExitCode.USAGE;
    } catch (InvalidPathException e) {
      err.println(programName + ": invalid manifest file name '" + name + "': " + e.getReason());
      return ExitCode.USAGE;
    } catch (ManifestException e) {
      report(label, e);
      return e.hasSchemaProblem() ? ExitCode.USAGE : ExitCode.FAILURE;
    }

    Map<String, AuthSettings> settings = resolveHosts(manifest);
    if (settings == null) {
      return ExitCode.CONFIGURATION;
    }

    ProsodyAccounts accounts = opener.open();
    ApplyReport report;
    try {
      report = accounts.apply(manifest, lookup(accounts, settings));
    } catch (ManifestException e) {
      report(label, e);
      return ExitCode.FAILURE;
    } catch (HostRejectedException e) {
      throw new AssertionError("every host was resolved before: " + e.getMessage(), e);
    }
    print(report);
    return ExitCode.OK;
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
   * Resolves every host of the manifest as {@code register} does and prints each rejection.
   *
   * @return each host's settings, or null when a host was rejected
   */
  private Map<String, AuthSettings> resolveHosts(Manifest manifest) {
    Map<String, AuthSettings> settings = new HashMap<>();
    List<String> rejections = new ArrayList<>();
    for (Manifest.Host host : manifest.hosts()) {
      HostResolver.ResolvedHost resolved = resolver.resolve(host.name());
      if (resolved.declared().equals(Optional.of(false))) {
        rejections.add("host " + host.name() + ": " + UserCommands.NO_SUCH_HOST);
      } else if (resolved.rejection().isPresent()) {
        rejections.add(resolved.rejection().get().explanation());
      } else {
        resolved.notice().ifPresent(notice -> err.println(programName + ": " + notice));
        settings.put(host.name(), resolved.settings());
      }
    }
    if (rejections.isEmpty()) {
      return settings;
    }
    for (String rejection : rejections) {
      err.println(programName + ": " + rejection);
    }
    err.println(programName + ": nothing was applied: fix the hosts above in the manifest or in Prosody's configuration");
    return null;
  }

  private HostSettingsLookup lookup(ProsodyAccounts accounts, Map<String, AuthSettings> settings) {
    return new HostSettingsLookup() {
      @Override
      public AuthSettings settings(String host) {
        return settings.get(host);
      }

      @Override
      public boolean timestamps(String host) throws IOException {
        if (prosodyVersion.isPresent()) {
          return prosodyVersion.get().writesTimestamps();
        }
        try {
          HostAccounts hostAccounts = accounts.host(host, settings.get(host));
          return hostAccounts.hasTimestampedRecords(TIMESTAMP_SAMPLE);
        } catch (InvalidJidException e) {
          throw new AssertionError("the manifest prepped the host before: " + host, e);
        }
      }
    };
  }

  private void report(String label, ManifestException e) {
    for (ManifestProblem problem : e.problems()) {
      StringBuilder line = new StringBuilder(programName).append(": ").append(label);
      if (problem.line() > 0) {
        line.append(':').append(problem.line()).append(':').append(problem.column());
      }
      line.append(": ").append(problem.path().isEmpty() ? "manifest" : problem.path());
      if (!problem.jid().isEmpty()) {
        line.append(" (").append(problem.jid()).append(')');
      }
      line.append(": ").append(problem.message());
      err.println(line);
    }
    err.println(programName + ": nothing was applied: fix the problems above and run apply again");
  }

  private void print(ApplyReport report) {
    boolean rosterChanged = false;
    for (ApplyReport.Item item : report.items()) {
      String action = item.action().name().toLowerCase(java.util.Locale.ROOT);
      switch (item.kind()) {
        case ACCOUNT:
          out.println(action + " " + item.target());
          break;
        case ROLE:
          out.println(action + " role " + item.target() + " " + item.detail());
          break;
        case ROSTER:
          out.println(action + " roster " + item.target() + ": subscription from " + item.detail());
          rosterChanged |= item.action() == Action.CHANGED;
          break;
        case PRUNE:
          out.println(action + " " + item.target());
          break;
        default:
          throw new AssertionError(item.kind());
      }
      if (item.kind() == Kind.ACCOUNT && item.action() == Action.UPDATED) {
        int at = item.target().indexOf('@');
        JitsiAccounts.remind(err, programName, item.target().substring(0, at), item.target().substring(at + 1));
      }
    }
    out.println(
        "accounts: " + report.count(Kind.ACCOUNT, Action.CREATED) + " created, "
            + report.count(Kind.ACCOUNT, Action.UPDATED) + " updated, "
            + report.count(Kind.ACCOUNT, Action.UNCHANGED) + " unchanged; roles: "
            + report.count(Kind.ROLE, Action.CHANGED) + " changed, " + report.count(Kind.ROLE, Action.UNCHANGED)
            + " unchanged; rosters: " + report.count(Kind.ROSTER, Action.CHANGED) + " changed, "
            + report.count(Kind.ROSTER, Action.UNCHANGED) + " unchanged; deleted: "
            + report.count(Kind.PRUNE, Action.DELETED));
    if (rosterChanged) {
      err.println(programName + ": note: a running Prosody caches rosters: restart it, or reload the roster"
          + " (Jitsi reloads the client_proxy module), before the change takes effect");
    }
  }

  private static boolean isHelp(String argument) {
    return argument.equals("--help") || argument.equals("-h") || argument.equals("-?");
  }
}
