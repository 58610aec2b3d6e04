package org.prosodyaccounts.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.prosodyaccounts.HostAccounts;
import org.prosodyaccounts.InvalidPasswordException;
import org.prosodyaccounts.NoSuchAccountException;
import org.prosodyaccounts.ProsodyAccounts;
import org.prosodyaccounts.auth.AccountRecords;
import org.prosodyaccounts.auth.RecordSummary;
import org.prosodyaccounts.lua.LuaData;
import org.prosodyaccounts.lua.LuaInteger;
import org.prosodyaccounts.lua.LuaTable;
import org.prosodyaccounts.prep.InvalidJidException;
import org.prosodyaccounts.prep.Jid;

/**
 * The account commands that prosodyctl lacks or has only through a running Prosody 13 server:
 * {@code ensure}, {@code exists}, {@code show}, {@code disable}, {@code enable}, {@code role} and
 * {@code roster}. Results go to standard output, one word or line each, for scripts.
 */
final class ManagementCommands {

  /** Access to hosts, the data directory and the password options, as the command line set them up. */
  interface Hosts {
    /**
     * Returns the host's accounts, or empty after reporting on standard error why the host is
     * refused: it is missing from the configuration, or its accounts are not files.
     */
    Optional<HostAccounts> open(String host) throws IOException;

    ProsodyAccounts store() throws IOException;

    /** Returns the password from the {@code --password-*} options, or empty when none is given. */
    Optional<String> newPassword() throws IOException, UsageException;
  }

  private final String programName;
  private final PrintStream out;
  private final PrintStream err;
  private final Hosts hosts;

  ManagementCommands(String programName, PrintStream out, PrintStream err, Hosts hosts) {
    this.programName = programName;
    this.out = out;
    this.err = err;
    this.hosts = hosts;
  }

  /** {@code ensure USER HOST [PASSWORD]}: prints and returns created, updated or unchanged. */
  int ensure(List<String> args) throws IOException {
    if (args.size() < 2 || args.size() > 3) {
      return usage("ensure USER HOST [PASSWORD]", "Create the account, or set its password when it differs; print created, updated or unchanged.");
    }
    String host;
    try {
      host = Jid.prepareHost(args.get(1));
    } catch (InvalidJidException e) {
      return invalid(e);
    }
    String password;
    try {
      password = args.size() == 3 ? args.get(2) : hosts.newPassword().orElse(null);
    } catch (UsageException e) {
      err.println(programName + ": " + e.getMessage());
      return ExitCode.USAGE;
    }
    if (password == null) {
      err.println(programName + ": no password: give it as an argument or with --password-stdin, --password-file or --password-env");
      return ExitCode.USAGE;
    }
    Optional<HostAccounts> accounts = hosts.open(host);
    if (accounts.isEmpty()) {
      return ExitCode.CONFIGURATION;
    }
    try {
      HostAccounts.EnsureResult result = accounts.get().ensure(args.get(0), password);
      out.println(result.name().toLowerCase(java.util.Locale.ROOT));
      if (result == HostAccounts.EnsureResult.UPDATED) {
        JitsiAccounts.remind(err, programName, Jid.prepareNode(args.get(0), true), host);
      }
      return ExitCode.OK;
    } catch (InvalidJidException e) {
      return invalid(e);
    } catch (InvalidPasswordException e) {
      err.println(programName + ": " + e.getMessage() + ", so it was not stored");
      return ExitCode.FAILURE;
    }
  }

  /** {@code exists JID}: exit code 0 when the account exists, 3 when it does not; no output. */
  int exists(List<String> args) throws IOException {
    Optional<Target> target = target(args, "exists", "Exit with 0 when the account exists, 3 when it does not.");
    if (target.isEmpty()) {
      return lastCode;
    }
    try {
      return target.get().accounts.exists(target.get().node) ? ExitCode.OK : ExitCode.NO_SUCH_ACCOUNT;
    } catch (InvalidJidException e) {
      return invalid(e);
    }
  }

  /** {@code show JID}: prints the record without secrets. */
  int show(List<String> args) throws IOException {
    Optional<Target> target = target(args, "show", "Print the account's record without its secrets.");
    if (target.isEmpty()) {
      return lastCode;
    }
    HostAccounts accounts = target.get().accounts;
    String node = target.get().node;
    try {
      Optional<LuaTable> record = accounts.record(node);
      if (record.isEmpty()) {
        err.println(programName + ": account " + accounts.jid(node) + " does not exist");
        return ExitCode.NO_SUCH_ACCOUNT;
      }
      RecordSummary summary = AccountRecords.describe(record.get());
      out.println("jid: " + accounts.jid(node));
      out.println("file: " + accounts.accountFile(node));
      out.println("record: " + summary.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
      summary.impliedHash().ifPresent(hash -> out.println("hash: " + hash.configName()));
      integer(record.get(), AccountRecords.ITERATION_COUNT).ifPresent(count -> out.println("iteration_count: " + count));
      integer(record.get(), AccountRecords.CREATED).ifPresent(time -> out.println("created: " + Instant.ofEpochSecond(time)));
      integer(record.get(), AccountRecords.UPDATED).ifPresent(time -> out.println("updated: " + Instant.ofEpochSecond(time)));
      out.println("disabled: " + summary.disabled());
      out.println("role: " + accounts.role(node));
      accounts.unusableReason(node).ifPresent(reason -> out.println("cannot log in: " + reason));
      return ExitCode.OK;
    } catch (InvalidJidException e) {
      return invalid(e);
    }
  }

  /** {@code disable JID} and {@code enable JID}: print disabled, enabled or unchanged. */
  int setDisabled(List<String> args, boolean disable) throws IOException {
    String name = disable ? "disable" : "enable";
    Optional<Target> target =
        target(args, name, disable ? "Disable the account, as Prosody 13's user:disable does." : "Enable a disabled account.");
    if (target.isEmpty()) {
      return lastCode;
    }
    try {
      HostAccounts accounts = target.get().accounts;
      boolean changed = disable ? accounts.disable(target.get().node) : accounts.enable(target.get().node);
      out.println(changed ? name + "d" : "unchanged");
      return ExitCode.OK;
    } catch (InvalidJidException e) {
      return invalid(e);
    } catch (NoSuchAccountException e) {
      err.println(programName + ": " + e.getMessage());
      return ExitCode.NO_SUCH_ACCOUNT;
    }
  }

  /** {@code role JID [ROLE]}: prints the role, or sets it and prints changed or unchanged. */
  int role(List<String> args) throws IOException {
    if (args.size() == 2) {
      Optional<Target> target = target(args.subList(0, 1), "role", "");
      if (target.isEmpty()) {
        return lastCode;
      }
      try {
        boolean changed = target.get().accounts.setRole(target.get().node, args.get(1));
        out.println(changed ? "changed" : "unchanged");
        return ExitCode.OK;
      } catch (InvalidJidException e) {
        return invalid(e);
      } catch (NoSuchAccountException e) {
        err.println(programName + ": " + e.getMessage());
        return ExitCode.NO_SUCH_ACCOUNT;
      } catch (IllegalArgumentException e) {
        err.println(programName + ": " + e.getMessage());
        return ExitCode.USAGE;
      }
    }
    Optional<Target> target = target(args, "role", "Print the account's role (Prosody 13), or set it: role JID ROLE.");
    if (target.isEmpty()) {
      return lastCode;
    }
    try {
      out.println(target.get().accounts.role(target.get().node));
      return ExitCode.OK;
    } catch (InvalidJidException e) {
      return invalid(e);
    }
  }

  /** {@code roster subscribe USER_JID CONTACT_JID} and {@code roster show JID}. */
  int roster(List<String> args) throws IOException {
    if (args.size() == 3 && args.get(0).equals("subscribe")) {
      try {
        List<String> changed = hosts.store().subscribe(args.get(1), args.get(2));
        if (changed.isEmpty()) {
          out.println("unchanged");
          return ExitCode.OK;
        }
        for (String roster : changed) {
          out.println("changed " + roster);
        }
        err.println(programName + ": note: a running Prosody caches rosters: restart it, or reload the roster"
            + " (Jitsi reloads the client_proxy module), before the change takes effect");
        return ExitCode.OK;
      } catch (InvalidJidException e) {
        return invalid(e);
      } catch (NoSuchAccountException e) {
        err.println(programName + ": " + e.getMessage() + ": create it first; Prosody keeps no roster for a missing account");
        return ExitCode.NO_SUCH_ACCOUNT;
      }
    }
    if (args.size() == 2 && args.get(0).equals("show")) {
      try {
        Optional<LuaTable> roster = hosts.store().roster(args.get(1));
        for (Map.Entry<LuaData, LuaData> entry : roster.map(LuaTable::entries).orElse(Map.of()).entrySet()) {
          if (entry.getKey() instanceof org.prosodyaccounts.lua.LuaString contact && entry.getValue() instanceof LuaTable item) {
            out.println(contact + " " + item.getString("subscription").map(Object::toString).orElse("none")
                + item.getString("ask").map(ask -> " ask=" + ask).orElse(""));
          }
        }
        return ExitCode.OK;
      } catch (InvalidJidException e) {
        return invalid(e);
      } catch (IllegalArgumentException e) {
        err.println(programName + ": " + e.getMessage());
        return ExitCode.USAGE;
      }
    }
    return usage(
        "roster subscribe USER_JID CONTACT_JID | roster show JID",
        "subscribe: as mod_roster_command subscribe; Jitsi runs: roster subscribe focus.DOMAIN focus@auth.DOMAIN");
  }

  /** The account a single-JID command acts on. */
  private record Target(HostAccounts accounts, String node) {}

  /** The exit code of the last {@link #target} call that returned empty. */
  private int lastCode;

  private Optional<Target> target(List<String> args, String command, String description) throws IOException {
    if (args.size() != 1 || args.get(0).startsWith("-")) {
      lastCode = usage(command + " JID", description);
      return Optional.empty();
    }
    Jid jid;
    try {
      jid = Jid.parsePrepped(args.get(0));
    } catch (InvalidJidException e) {
      lastCode = invalid(e);
      return Optional.empty();
    }
    if (jid.node() == null) {
      err.println(programName + ": invalid JID '" + args.get(0) + "': give user@host");
      lastCode = ExitCode.USAGE;
      return Optional.empty();
    }
    Optional<HostAccounts> accounts = hosts.open(jid.host());
    if (accounts.isEmpty()) {
      lastCode = ExitCode.CONFIGURATION;
      return Optional.empty();
    }
    return Optional.of(new Target(accounts.get(), jid.node()));
  }

  private static Optional<Long> integer(LuaTable record, String key) {
    return record.get(key).filter(LuaInteger.class::isInstance).map(value -> ((LuaInteger) value).value());
  }

  private int invalid(InvalidJidException e) {
    err.println(programName + ": " + e.getMessage());
    return ExitCode.USAGE;
  }

  private int usage(String usage, String description) {
    err.println("Usage: " + programName + " " + usage);
    if (!description.isEmpty()) {
      err.println(" " + description);
    }
    return ExitCode.USAGE;
  }
}
