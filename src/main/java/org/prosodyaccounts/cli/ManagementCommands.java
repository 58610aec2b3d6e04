package org.prosodyaccounts.cli;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.prosodyaccounts.HostAccounts;
import org.prosodyaccounts.InvalidPasswordException;
import org.prosodyaccounts.NoSuchAccountException;
import org.prosodyaccounts.ProsodyAccounts;
import org.prosodyaccounts.auth.AccountRecords;
import org.prosodyaccounts.auth.AuthSettings;
import org.prosodyaccounts.auth.HashAlgorithm;
import org.prosodyaccounts.auth.RecordSummary;
import org.prosodyaccounts.lua.LuaData;
import org.prosodyaccounts.lua.LuaInteger;
import org.prosodyaccounts.lua.LuaString;
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

    /** Returns the password source of the {@code --password-*} options, or empty when none is given. */
    Optional<PasswordSource> passwordSource();
  }

  private final String programName;
  private final Report report;
  private final Hosts hosts;
  private final PasswordPrompt terminalPrompt;

  /**
   * @param terminalPrompt the prompt that reads hidden input from a terminal, or null when there is
   *     no terminal: {@code ensure} then requires the password as an argument or option
   */
  ManagementCommands(Report report, Hosts hosts, PasswordPrompt terminalPrompt) {
    this.programName = report.programName();
    this.report = report;
    this.hosts = hosts;
    this.terminalPrompt = terminalPrompt;
  }

  /** {@code ensure USER HOST [PASSWORD]}: prints and returns created, updated or unchanged. */
  int ensure(List<String> args) throws IOException {
    if (args.size() < 2 || args.size() > 3) {
      return usage(args, "ensure USER HOST [PASSWORD]", "Create the account, or set its password when it differs; print created, updated or unchanged.");
    }
    String host;
    try {
      host = Jid.prepareHost(args.get(1));
    } catch (InvalidJidException e) {
      return invalid(e);
    }
    Optional<PasswordSource> source = hosts.passwordSource();
    if (args.size() == 3 && source.isPresent()) {
      return report.fail(
          ExitCode.USAGE,
          ErrorCode.USAGE,
          "the password is given twice: as an argument and by " + source.get().description());
    }
    String password;
    try {
      password = args.size() == 3 ? args.get(2) : source.isPresent() ? source.get().read() : null;
    } catch (UsageException e) {
      return report.fail(ExitCode.USAGE, ErrorCode.NO_PASSWORD, e.getMessage());
    }
    if (password == null && terminalPrompt != null) {
      return ensureWithPrompt(args.get(0), host);
    }
    if (password == null) {
      return report.fail(
          ExitCode.USAGE,
          ErrorCode.NO_PASSWORD,
          "no password: give it as an argument or with --password-stdin, --password-file or --password-env");
    }
    Optional<HostAccounts> accounts = hosts.open(host);
    if (accounts.isEmpty()) {
      return ExitCode.CONFIGURATION;
    }
    Optional<String> hint = args.size() == 3 ? Optional.empty() : source.get().carriageReturnHint(password);
    return ensure(accounts.get(), args.get(0), host, password, hint);
  }

  /**
   * Runs {@code ensure} with a password typed twice on the terminal. The user and host are checked
   * first, so that no password is typed for a command that cannot succeed.
   */
  private int ensureWithPrompt(String user, String host) throws IOException {
    try {
      Jid.prepareNode(user, true);
    } catch (InvalidJidException e) {
      return invalid(e);
    }
    Optional<HostAccounts> accounts = hosts.open(host);
    if (accounts.isEmpty()) {
      return ExitCode.CONFIGURATION;
    }
    String password;
    try {
      password = terminalPrompt.readNewPasswordTwice();
    } catch (PasswordPrompt.PasswordsDifferException e) {
      return report.fail(ExitCode.FAILURE, ErrorCode.PASSWORD_MISMATCH, e.getMessage());
    }
    if (password == null) {
      return report.fail(ExitCode.USAGE, ErrorCode.NO_PASSWORD, "no password: the input ended before the password was entered twice");
    }
    if (password.isEmpty()) {
      return report.fail(
          ExitCode.USAGE, ErrorCode.NO_PASSWORD, "no password: the password entered is empty, so nothing was changed: run the command again and type one");
    }
    return ensure(accounts.get(), user, host, password, Optional.empty());
  }

  /**
   * @param hint a sentence that explains a carriage return at the end of the password, if any
   */
  private int ensure(HostAccounts accounts, String user, String host, String password, Optional<String> hint)
      throws IOException {
    try {
      HostAccounts.EnsureResult result = accounts.ensure(user, password);
      String action = result.name().toLowerCase(java.util.Locale.ROOT);
      String node = Jid.prepareNode(user, true);
      report.println(action);
      report.put("jid", accounts.jid(node)).put("action", action).put("file", accounts.accountFile(node));
      if (result == HostAccounts.EnsureResult.UPDATED) {
        JitsiAccounts.remind(report, node, host);
      }
      return ExitCode.OK;
    } catch (InvalidJidException e) {
      return invalid(e);
    } catch (InvalidPasswordException e) {
      return report.fail(
          ExitCode.FAILURE, ErrorCode.INVALID_PASSWORD, e.getMessage() + ", so it was not stored" + hint.map(text -> ". " + text).orElse(""));
    }
  }

  /** {@code exists JID}: exit code 0 when the account exists, 3 when it does not; no output. */
  int exists(List<String> args) throws IOException {
    Optional<Target> target = target(args, "exists JID", "Exit with 0 when the account exists, 3 when it does not.");
    if (target.isEmpty()) {
      return lastCode;
    }
    try {
      HostAccounts accounts = target.get().accounts;
      String jid = accounts.jid(target.get().node);
      boolean exists = accounts.exists(target.get().node);
      report.put("jid", jid).put("exists", exists);
      return exists
          ? ExitCode.OK
          : report.failed(ExitCode.NO_SUCH_ACCOUNT, ErrorCode.NO_SUCH_ACCOUNT, "account " + jid + " does not exist");
    } catch (InvalidJidException e) {
      return invalid(e);
    }
  }

  /** {@code show JID}: prints the record without secrets. */
  int show(List<String> args) throws IOException {
    Optional<Target> target = target(args, "show JID", "Print the account's record without its secrets.");
    if (target.isEmpty()) {
      return lastCode;
    }
    HostAccounts accounts = target.get().accounts;
    String node = target.get().node;
    try {
      Optional<LuaTable> record = accounts.record(node);
      if (record.isEmpty()) {
        return report.fail(ExitCode.NO_SUCH_ACCOUNT, ErrorCode.NO_SUCH_ACCOUNT, "account " + accounts.jid(node) + " does not exist");
      }
      RecordSummary summary = AccountRecords.describe(record.get());
      String kind = summary.kind().name().toLowerCase(java.util.Locale.ROOT);
      Optional<String> hash = summary.impliedHash().map(HashAlgorithm::configName);
      Optional<Long> iterations = integer(record.get(), AccountRecords.ITERATION_COUNT);
      Optional<Long> created = integer(record.get(), AccountRecords.CREATED);
      Optional<Long> updated = integer(record.get(), AccountRecords.UPDATED);
      String role = accounts.role(node);
      Optional<String> unusable = accounts.unusableReason(node);

      report.println("jid: " + accounts.jid(node));
      report.println("file: " + accounts.accountFile(node));
      report.println("record: " + kind.replace('_', ' '));
      hash.ifPresent(name -> report.println("hash: " + name));
      iterations.ifPresent(count -> report.println("iteration_count: " + count));
      created.ifPresent(time -> report.println("created: " + Instant.ofEpochSecond(time)));
      updated.ifPresent(time -> report.println("updated: " + Instant.ofEpochSecond(time)));
      report.println("disabled: " + summary.disabled());
      report.println("role: " + role);
      unusable.ifPresent(reason -> report.println("cannot log in: " + reason));

      report.put("jid", accounts.jid(node)).put("file", accounts.accountFile(node)).put("record", kind);
      report.put("hash", hash.orElse(null)).put("iteration_count", iterations.orElse(null));
      report.put("created", created.orElse(null)).put("updated", updated.orElse(null));
      report.put("disabled", summary.disabled()).put("role", role).put("cannot_log_in", unusable.orElse(null));
      return ExitCode.OK;
    } catch (InvalidJidException e) {
      return invalid(e);
    }
  }

  /** {@code disable JID} and {@code enable JID}: print disabled, enabled or unchanged. */
  int setDisabled(List<String> args, boolean disable) throws IOException {
    String name = disable ? "disable" : "enable";
    Optional<Target> target =
        target(args, name + " JID", disable ? "Disable the account, as Prosody 13's user:disable does." : "Enable a disabled account.");
    if (target.isEmpty()) {
      return lastCode;
    }
    try {
      HostAccounts accounts = target.get().accounts;
      boolean changed = disable ? accounts.disable(target.get().node) : accounts.enable(target.get().node);
      String action = changed ? name + "d" : "unchanged";
      report.println(action);
      report.put("jid", accounts.jid(target.get().node)).put("action", action);
      return ExitCode.OK;
    } catch (InvalidJidException e) {
      return invalid(e);
    } catch (NoSuchAccountException e) {
      return report.fail(ExitCode.NO_SUCH_ACCOUNT, ErrorCode.NO_SUCH_ACCOUNT, e.getMessage());
    }
  }

  /** {@code role JID [ROLE]}: prints the role, or sets it and prints changed or unchanged. */
  int role(List<String> args) throws IOException {
    if (args.size() == 2 && !isHelp(args.get(0))) {
      Optional<Target> target = target(args.subList(0, 1), "role JID [ROLE]", "");
      if (target.isEmpty()) {
        return lastCode;
      }
      try {
        HostAccounts accounts = target.get().accounts;
        boolean changed = accounts.setRole(target.get().node, args.get(1));
        String action = changed ? "changed" : "unchanged";
        report.println(action);
        report.put("jid", accounts.jid(target.get().node)).put("role", accounts.role(target.get().node)).put("action", action);
        return ExitCode.OK;
      } catch (InvalidJidException e) {
        return invalid(e);
      } catch (NoSuchAccountException e) {
        return report.fail(ExitCode.NO_SUCH_ACCOUNT, ErrorCode.NO_SUCH_ACCOUNT, e.getMessage());
      } catch (IllegalArgumentException e) {
        return report.fail(ExitCode.USAGE, ErrorCode.USAGE, e.getMessage());
      }
    }
    Optional<Target> target = target(args, "role JID [ROLE]", "Print the account's role (Prosody 13), or set it to ROLE.");
    if (target.isEmpty()) {
      return lastCode;
    }
    try {
      String role = target.get().accounts.role(target.get().node);
      report.println(role);
      report.put("jid", target.get().accounts.jid(target.get().node)).put("role", role);
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
        report
            .put("user", Jid.parsePrepped(args.get(1)).toString())
            .put("contact", Jid.parsePrepped(args.get(2)).toString())
            .put("action", changed.isEmpty() ? "unchanged" : "changed")
            .put("rosters", changed);
        if (changed.isEmpty()) {
          report.println("unchanged");
          return ExitCode.OK;
        }
        for (String roster : changed) {
          report.println("changed " + roster);
        }
        report.warn("note: a running Prosody caches rosters: restart it, or reload the roster"
            + " (Jitsi reloads the client_proxy module), before the change takes effect");
        return ExitCode.OK;
      } catch (InvalidJidException e) {
        return invalid(e);
      } catch (NoSuchAccountException e) {
        return report.fail(
            ExitCode.NO_SUCH_ACCOUNT,
            ErrorCode.NO_SUCH_ACCOUNT,
            e.getMessage() + ": create it first; Prosody keeps no roster for a missing account");
      }
    }
    if (args.size() == 2 && args.get(0).equals("show")) {
      try {
        Optional<LuaTable> roster = hosts.store().roster(args.get(1));
        Jid jid = Jid.parsePrepped(args.get(1));
        if (!hosts.store().host(jid.host(), AuthSettings.defaults()).exists(jid.node())) {
          // The authentication settings do not matter here: only the record's presence is read.
          return report.fail(
              ExitCode.NO_SUCH_ACCOUNT,
              ErrorCode.NO_SUCH_ACCOUNT,
              "account " + jid + " does not exist, so it has no roster: check the JID, or create the account first");
        }
        report.put("jid", jid.toString()).put("contacts", new ArrayList<>());
        for (Map.Entry<LuaData, LuaData> entry : roster.map(LuaTable::entries).orElse(Map.of()).entrySet()) {
          if (entry.getKey() instanceof LuaString contact && entry.getValue() instanceof LuaTable item) {
            report.println(contact + " " + item.getString("subscription").map(Object::toString).orElse("none")
                + item.getString("ask").map(ask -> " ask=" + ask).orElse(""));
            report.append("contacts", contact(contact, item));
          }
        }
        return ExitCode.OK;
      } catch (InvalidJidException e) {
        return invalid(e);
      } catch (IllegalArgumentException e) {
        return report.fail(ExitCode.USAGE, ErrorCode.INVALID_JID, e.getMessage());
      }
    }
    return usage(
        args,
        "roster subscribe USER_JID CONTACT_JID | roster show JID",
        "subscribe: as mod_roster_command subscribe; Jitsi runs: roster subscribe focus.DOMAIN focus@auth.DOMAIN");
  }

  /** Returns a roster item as {@code roster show}'s JSON result lists it. */
  private static Map<String, Object> contact(LuaString jid, LuaTable item) {
    Map<String, Object> contact = Report.object();
    contact.put("jid", jid.toString());
    contact.put("subscription", item.getString("subscription").map(Object::toString).orElse("none"));
    contact.put("ask", item.getString("ask").map(Object::toString).orElse(null));
    contact.put("name", item.getString("name").map(Object::toString).orElse(null));
    List<String> groups = new ArrayList<>();
    if (item.get("groups").orElse(null) instanceof LuaTable table) {
      for (LuaData group : table.entries().keySet()) {
        if (group instanceof LuaString name) {
          groups.add(name.toString());
        }
      }
    }
    groups.sort(null);
    contact.put("groups", groups);
    return contact;
  }

  /** The account a single-JID command acts on. */
  private record Target(HostAccounts accounts, String node) {}

  /** The exit code of the last {@link #target} call that returned empty. */
  private int lastCode;

  private Optional<Target> target(List<String> args, String usage, String description) throws IOException {
    if (args.size() != 1 || args.get(0).startsWith("-")) {
      lastCode = usage(args, usage, description);
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
      lastCode = report.fail(ExitCode.USAGE, ErrorCode.INVALID_JID, "invalid JID '" + args.get(0) + "': give user@host");
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
    return report.fail(ExitCode.USAGE, ErrorCode.INVALID_JID, e.getMessage());
  }

  /**
   * Reports the usage of a command whose arguments do not fit it. When the only argument is
   * {@code --help}, {@code -h} or {@code -?}, the usage is the result: standard output and exit
   * code 0, as {@code verify}, {@code list} and the bulk commands do. Otherwise it is a usage error:
   * standard error and exit code 2.
   */
  private int usage(List<String> args, String usage, String description) {
    List<String> lines = new ArrayList<>();
    lines.add("Usage: " + programName + " " + usage);
    if (!description.isEmpty()) {
      lines.add(" " + description);
    }
    boolean help = args.size() == 1 && isHelp(args.get(0));
    return report.usage(help ? ExitCode.OK : ExitCode.USAGE, help, lines);
  }

  private static boolean isHelp(String argument) {
    return argument.equals("--help") || argument.equals("-h") || argument.equals("-?");
  }
}
