package org.prosodyaccounts.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.prosodyaccounts.AccountExistsException;
import org.prosodyaccounts.HostAccounts;
import org.prosodyaccounts.InvalidPasswordException;
import org.prosodyaccounts.NoSuchAccountException;
import org.prosodyaccounts.ProsodyAccounts;
import org.prosodyaccounts.ProsodyVersion;
import org.prosodyaccounts.UserListing;
import org.prosodyaccounts.auth.AuthProvider;
import org.prosodyaccounts.auth.Verification;
import org.prosodyaccounts.prep.InvalidJidException;
import org.prosodyaccounts.prep.Jid;
import org.prosodyaccounts.store.CorruptFileException;
import org.prosodyaccounts.store.NameEncoding;

/**
 * The account commands. Those that prosodyctl 0.12.3 has print its exact words on standard
 * output, in its order, and exit with its codes, because Debian maintainer scripts and Ansible
 * roles compare them. Conditions prosodyctl has no message for are reported on standard error.
 */
final class UserCommands {

  static final String INVALID_USERNAME = "The given username is invalid in a Jabber ID";
  static final String INVALID_HOSTNAME = "The given hostname is invalid";
  static final String NO_SUCH_HOST = "The given hostname does not exist in the config";
  static final String JID_WITH_HOST = "Please specify a JID, including a host. e.g. alice@example.com";
  private static final String PASSWD_NO_SUCH_USER =
      "That user does not exist, use prosodyctl adduser to create a new user";

  /** How many of a host's records are read to tell whether Prosody 13 manages it. */
  private static final int TIMESTAMP_SAMPLE = 20;

  /** Opens the data directory when a command first needs it. */
  interface AccountsOpener {
    ProsodyAccounts open() throws IOException;
  }

  private final String programName;
  private final PasswordPrompt prompt;
  private final Report report;
  private final AccountsOpener opener;
  private final HostResolver resolver;
  private final Optional<ProsodyVersion> prosodyVersion;
  private final Optional<PasswordSource> passwordSource;

  /**
   * @param prosodyVersion the release whose record format to write, from the option or the
   *     installed Prosody; when empty, the host's existing records decide
   */
  UserCommands(
      Report report,
      PasswordPrompt prompt,
      AccountsOpener opener,
      HostResolver resolver,
      Optional<ProsodyVersion> prosodyVersion,
      Optional<PasswordSource> passwordSource) {
    this.programName = report.programName();
    this.prompt = prompt;
    this.report = report;
    this.opener = opener;
    this.resolver = resolver;
    this.prosodyVersion = prosodyVersion;
    this.passwordSource = passwordSource;
  }

  /** Thrown when the password cannot be obtained; the message gives the reason, and the exit code is 2. */
  private static final class PasswordInputException extends Exception {
    PasswordInputException(String message) {
      super(message);
    }
  }

  /**
   * Returns a new password: from {@code --password-stdin}, {@code --password-file} or
   * {@code --password-env} when one is given, else from prosodyctl's prompt, asked twice.
   *
   * @return the password, or null when the prompt was cancelled
   */
  private String newPassword() throws IOException, PasswordInputException {
    if (passwordSource.isPresent()) {
      try {
        return passwordSource.get().read();
      } catch (UsageException e) {
        throw new PasswordInputException(e.getMessage());
      }
    }
    return prompt.readNewPassword();
  }

  private int passwordInputFailed(PasswordInputException e) {
    return report.fail(ExitCode.USAGE, ErrorCode.NO_PASSWORD, e.getMessage());
  }

  /** Reports a prompt that ended without a password: the input ended, or the user declined to retry. */
  private int noPasswordEntered() {
    if (prompt.passwordsDiffered()) {
      return report.failed(ExitCode.FAILURE, ErrorCode.PASSWORD_MISMATCH, "Passwords did not match");
    }
    return report.failed(ExitCode.FAILURE, ErrorCode.NO_PASSWORD, "No password - cancelled");
  }

  /** {@code register USER HOST [PASSWORD]}: creates the account or replaces its record. */
  int register(List<String> args) throws IOException {
    if (args.size() > 3) {
      return tooManyArguments(
          "register USER HOST [PASSWORD]",
          passwordSource.isPresent() ? null : "quote a password that contains spaces");
    }
    String user = argument(args, 0);
    String host = argument(args, 1);
    String password = argument(args, 2);
    if (!hasUserAndHost(
        user,
        host,
        "register the user on",
        "register USER HOST [PASSWORD]",
        "Register a user on the server, with the given password")) {
      return ExitCode.FAILURE;
    }
    if (password != null && passwordSource.isPresent()) {
      return report.fail(
          ExitCode.USAGE,
          ErrorCode.USAGE,
          "the password is given twice: as an argument and by " + passwordSource.get().description());
    }
    boolean passwordFromArgument = password != null;
    if (password == null) {
      try {
        password = newPassword();
      } catch (PasswordInputException e) {
        return passwordInputFailed(e);
      }
      if (password == null) {
        return report.failOut(ExitCode.FAILURE, ErrorCode.NO_PASSWORD, "Unable to register user with no password");
      }
    }

    String node;
    try {
      node = Jid.prepareNode(user, true);
    } catch (InvalidJidException e) {
      return invalidName(INVALID_USERNAME, e);
    }
    Optional<HostTarget> target = declaredHost(host);
    if (target.isEmpty()) {
      return ExitCode.FAILURE;
    }
    String preppedHost = target.get().host();
    HostResolver.ResolvedHost resolved = target.get().resolved();

    HostAccounts accounts = hostAccounts(preppedHost, resolved);
    noteNewHost(accounts, resolved);
    try {
      boolean existed = Files.exists(accounts.accountFile(node));
      accounts.register(node, password);
      writeResult(accounts, node, existed ? "replaced" : "created");
      if (existed) {
        JitsiAccounts.remind(report, node, preppedHost);
      }
    } catch (InvalidPasswordException e) {
      return passwordRejected(resolved, e, passwordFromArgument ? Optional.empty() : carriageReturnHint(password));
    } catch (InvalidJidException e) {
      return invalidName(INVALID_USERNAME, e);
    }
    return ExitCode.OK;
  }

  /** {@code unregister USER HOST}: deletes the account and purges the user's data. */
  int unregister(List<String> args) throws IOException {
    if (args.size() > 2) {
      return tooManyArguments("unregister USER HOST", null);
    }
    String user = argument(args, 0);
    String host = argument(args, 1);
    if (!hasUserAndHost(
        user,
        host,
        "unregister the user from",
        "unregister USER HOST [PASSWORD]",
        "Permanently remove a user account from the server")) {
      return ExitCode.FAILURE;
    }
    Optional<HostTarget> target = declaredHost(host);
    if (target.isEmpty()) {
      return ExitCode.FAILURE;
    }

    try {
      HostAccounts accounts = hostAccounts(target.get().host(), target.get().resolved());
      deleted(accounts, Jid.prepareNode(user, false), accounts.delete(user));
    } catch (InvalidJidException e) {
      return invalidName(INVALID_USERNAME, e);
    } catch (NoSuchAccountException e) {
      return report.failOut(ExitCode.FAILURE, ErrorCode.NO_SUCH_ACCOUNT, "The given user does not exist on the server");
    }
    return ExitCode.OK;
  }

  /**
   * Prints prosodyctl's messages when USER or HOST is missing, or the usage for {@code --help}.
   *
   * @param purpose the end of prosodyctl's request for a host, such as {@code register the user on}
   * @return true when both arguments are present
   */
  private boolean hasUserAndHost(String user, String host, String purpose, String usage, String description) {
    if (user != null && host != null && !user.equals("--help")) {
      return true;
    }
    List<String> lines = new ArrayList<>();
    if (user == null) {
      lines.add("No username specified");
    } else if (host == null && !user.equals("--help")) {
      lines.add("Please specify which host you want to " + purpose);
    }
    lines.addAll(usageLines(usage, description));
    report.usage(ExitCode.FAILURE, true, lines);
    return false;
  }

  /** A nameprepped host and its settings. */
  private record HostTarget(String host, HostResolver.ResolvedHost resolved) {}

  /**
   * Preps and resolves HOST for {@code register} and {@code unregister}, which require the
   * configuration to declare it, as prosodyctl does. On failure it prints prosodyctl's message.
   * prosodyctl 0.12.3's {@code unregister} fails on an undeclared host with a Lua traceback, so
   * both print {@code register}'s message there.
   */
  private Optional<HostTarget> declaredHost(String host) {
    String preppedHost;
    try {
      preppedHost = Jid.prepareHost(host);
    } catch (InvalidJidException e) {
      invalidName(INVALID_HOSTNAME, e);
      return Optional.empty();
    }
    HostResolver.ResolvedHost resolved = resolver.resolve(preppedHost);
    if (resolved.declared().equals(Optional.of(false))) {
      report.failOut(ExitCode.FAILURE, ErrorCode.NO_SUCH_HOST, NO_SUCH_HOST);
      return Optional.empty();
    }
    if (resolved.rejection().isPresent()) {
      reject(resolved.rejection().get(), ExitCode.FAILURE);
      return Optional.empty();
    }
    return Optional.of(new HostTarget(preppedHost, resolved));
  }

  /** {@code adduser JID}: creates the account after asking for the password twice. */
  int adduser(List<String> args) throws IOException {
    Target target = target(args, JidCommand.ADDUSER);
    if (target.accounts() == null) {
      return target.exitCode();
    }
    Jid jid = target.jid();
    HostAccounts accounts = target.accounts();

    try {
      if (accounts.exists(jid.node())) {
        return report.failOut(ExitCode.FAILURE, ErrorCode.ACCOUNT_EXISTS, "That user already exists");
      }
    } catch (InvalidJidException e) {
      return report.failOut(ExitCode.FAILURE, ErrorCode.INVALID_JID, JID_WITH_HOST);
    }
    String password;
    try {
      password = newPassword();
    } catch (PasswordInputException e) {
      return passwordInputFailed(e);
    }
    if (password == null) {
      return noPasswordEntered();
    }
    noteNewHost(accounts, target.resolved());
    try {
      accounts.create(jid.node(), password);
      writeResult(accounts, jid.node(), "created");
    } catch (InvalidJidException e) {
      return invalidName(INVALID_USERNAME, e);
    } catch (InvalidPasswordException e) {
      return passwordRejected(target.resolved(), e, carriageReturnHint(password));
    } catch (AccountExistsException e) {
      return report.failOut(ExitCode.FAILURE, ErrorCode.ACCOUNT_EXISTS, "That user already exists");
    }
    return ExitCode.OK;
  }

  /** {@code passwd JID}: changes the password after asking for it twice. */
  int passwd(List<String> args) throws IOException {
    Target target = target(args, JidCommand.PASSWD);
    if (target.accounts() == null) {
      return target.exitCode();
    }
    Jid jid = target.jid();
    HostAccounts accounts = target.accounts();

    try {
      if (!accounts.exists(jid.node())) {
        return report.failOut(ExitCode.FAILURE, ErrorCode.NO_SUCH_ACCOUNT, PASSWD_NO_SUCH_USER);
      }
      String password;
      try {
        password = newPassword();
      } catch (PasswordInputException e) {
        return passwordInputFailed(e);
      }
      if (password == null) {
        return noPasswordEntered();
      }
      try {
        accounts.setPassword(jid.node(), password);
      } catch (InvalidPasswordException e) {
        return passwordRejected(target.resolved(), e, carriageReturnHint(password));
      }
      writeResult(accounts, jid.node(), "updated");
      JitsiAccounts.remind(report, jid.node(), jid.host());
    } catch (InvalidJidException e) {
      return invalidName(INVALID_USERNAME, e);
    } catch (NoSuchAccountException e) {
      return report.failOut(ExitCode.FAILURE, ErrorCode.NO_SUCH_ACCOUNT, PASSWD_NO_SUCH_USER);
    }
    return ExitCode.OK;
  }

  /** {@code deluser JID}: deletes the account and purges the user's data. */
  int deluser(List<String> args) throws IOException {
    Target target = target(args, JidCommand.DELUSER);
    if (target.accounts() == null) {
      return target.exitCode();
    }

    try {
      String node = target.jid().node();
      deleted(target.accounts(), node, target.accounts().delete(node));
    } catch (InvalidJidException e) {
      return invalidName(INVALID_USERNAME, e);
    } catch (NoSuchAccountException e) {
      return report.failOut(ExitCode.FAILURE, ErrorCode.NO_SUCH_ACCOUNT, "That user does not exist on this server");
    }
    return ExitCode.OK;
  }

  /**
   * {@code verify JID}: reads one line from standard input (or prompts on a terminal) and checks it
   * against the account's record.
   */
  int verify(List<String> args, Terminal terminal) throws IOException {
    if (args.size() > 1 && !isHelp(args.get(0))) {
      return report.fail(
          ExitCode.USAGE,
          ErrorCode.USAGE,
          "too many arguments: verify takes one JID, and the password comes from standard input or a"
              + " --password-* option, not from an argument");
    }
    if (args.size() != 1 || isHelp(args.get(0))) {
      boolean help = args.size() == 1;
      return report.usage(
          help ? ExitCode.OK : ExitCode.USAGE,
          help,
          List.of(
              "Usage: " + programName + " verify JID",
              " Check a password read from standard input (one line) against the account.",
              " Exit codes: 0 match; 1 mismatch, or a record that cannot log in on the host;"
                  + " 3 no such account; 4 account disabled; 5 corrupt account file; 6 data directory not"
                  + " accessible; 7 the host's accounts are not files."));
    }
    Optional<Jid> parsed = parseJid(args.get(0));
    if (parsed.isEmpty() || parsed.get().node() == null) {
      return report.fail(
          ExitCode.USAGE,
          ErrorCode.INVALID_JID,
          "invalid JID '" + args.get(0) + "': give user@host, such as jvb@auth.meet.example.org");
    }
    Jid jid = parsed.get();
    String password;
    if (passwordSource.isPresent()) {
      try {
        password = passwordSource.get().read();
      } catch (UsageException e) {
        return report.fail(ExitCode.USAGE, ErrorCode.NO_PASSWORD, e.getMessage());
      }
    } else {
      password = terminal != null ? prompt.readHidden("Password: ") : prompt.readLine();
    }
    if (password == null) {
      return report.fail(
          ExitCode.USAGE,
          ErrorCode.NO_PASSWORD,
          "no password on standard input: pipe it as one line, such as: printf '%s\\n' \"$PASSWORD\" | "
              + programName + " verify " + args.get(0));
    }

    HostResolver.ResolvedHost resolved = resolver.resolve(jid.host());
    if (resolved.declared().equals(Optional.of(false))) {
      return undeclaredHost(jid.host());
    }
    if (resolved.rejection().isPresent()) {
      return rejectReading(resolved.rejection().get());
    }
    HostAccounts accounts = hostAccounts(jid.host(), resolved);
    String account = accounts.jid(jid.node());
    String typed = password;
    Optional<String> carriageReturn =
        passwordSource.isPresent()
            ? passwordSource.get().carriageReturnHint(typed)
            : PasswordSource.promptCarriageReturnHint(typed);
    Path file;
    Verification result;
    try {
      file = accounts.accountFile(jid.node());
    } catch (InvalidJidException e) {
      return report.fail(ExitCode.USAGE, ErrorCode.INVALID_JID, e.getMessage());
    }
    Optional<String> unusableReason;
    Verification passwordOnly;
    try {
      result = accounts.verify(jid.node(), password);
      unusableReason = result == Verification.UNUSABLE ? accounts.unusableReason(jid.node()) : Optional.empty();
      passwordOnly = result == Verification.DISABLED ? accounts.verifyPassword(jid.node(), password) : result;
    } catch (InvalidJidException e) {
      return report.fail(ExitCode.USAGE, ErrorCode.INVALID_JID, e.getMessage());
    } catch (NoSuchAccountException e) {
      verificationResult(account, "no_such_account", null);
      return report.fail(
          ExitCode.NO_SUCH_ACCOUNT, ErrorCode.NO_SUCH_ACCOUNT, "account " + account + " does not exist (no file " + file + ")");
    }
    return reportVerification(result, account, accounts, file, unusableReason, passwordOnly, carriageReturn);
  }

  private int reportVerification(
      Verification result,
      String account,
      HostAccounts accounts,
      Path file,
      Optional<String> unusableReason,
      Verification passwordOnly,
      Optional<String> carriageReturn) {
    switch (result) {
      case MATCH:
        verificationResult(account, "match", true);
        report.println("OK: the password of " + account + " matches");
        return ExitCode.OK;
      case DISABLED:
        verificationResult(account, "disabled", passwordOnly == Verification.MATCH);
        return report.fail(
            ExitCode.DISABLED,
            ErrorCode.ACCOUNT_DISABLED,
            "account " + account + " is disabled (disabled = true), and the password "
                + (passwordOnly == Verification.MATCH ? "matches" : "does not match") + ". Prosody 13 refuses"
                + " logins to it on internal_hashed hosts; Prosody 13.0.1's SASL on internal_plain hosts and"
                + " Prosody 0.12 ignore the flag.");
      case UNUSABLE:
        verificationResult(account, "unusable", null);
        return report.fail(
            ExitCode.FAILURE,
            ErrorCode.ACCOUNT_UNUSABLE,
            "the record of "
                + account
                + " cannot log in with the host's settings ("
                + accounts.settings().provider().configName()
                + ", "
                + accounts.settings().hash().configName()
                + "): "
                + unusableReason.orElse("its fields do not fit the host")
                + " ("
                + file
                + "). Set the password again, or give the host's --auth and --password-hash.");
      default:
        verificationResult(account, "mismatch", false);
        return report.fail(
            ExitCode.FAILURE,
            ErrorCode.PASSWORD_MISMATCH,
            "the password of " + account + " does not match" + carriageReturn.map(hint -> ". " + hint).orElse(""));
    }
  }

  /** Sets {@code verify}'s result; {@code passwordMatches} is null when it is not known. */
  private void verificationResult(String account, String outcome, Boolean passwordMatches) {
    report.put("jid", account).put("outcome", outcome).put("password_matches", passwordMatches);
  }

  /** {@code list HOST}: prints the accounts of a host, one JID per line. */
  int list(List<String> args) throws IOException {
    if (args.size() != 1 || isHelp(args.get(0))) {
      boolean help = args.size() == 1;
      return report.usage(
          help ? ExitCode.OK : ExitCode.USAGE,
          help,
          List.of("Usage: " + programName + " list HOST", " Print the accounts of HOST, one JID per line."));
    }
    String host;
    try {
      host = Jid.prepareHost(args.get(0));
    } catch (InvalidJidException e) {
      return report.fail(ExitCode.USAGE, ErrorCode.INVALID_JID, "invalid host name '" + args.get(0) + "'");
    }
    HostResolver.ResolvedHost resolved = resolver.resolve(host);
    if (resolved.declared().equals(Optional.of(false))) {
      return undeclaredHost(host);
    }
    if (resolved.rejection().isPresent()) {
      return rejectReading(resolved.rejection().get());
    }
    HostAccounts accounts = hostAccounts(host, resolved);
    report.put("host", host).put("accounts", new ArrayList<>()).put("skipped", new ArrayList<>());
    if (!Files.isDirectory(accounts.folder())) {
      report.warn("note: host " + host + " has no folder in the data directory (" + accounts.folder()
          + "), so it has no accounts: check its spelling");
      return ExitCode.OK;
    }
    UserListing listing = accounts.list();
    for (String user : listing.users()) {
      try {
        accounts.record(user);
        report.println(accounts.jid(user));
        report.append("accounts", accounts.jid(user));
      } catch (CorruptFileException e) {
        report.warn("warning: " + accounts.jid(user) + " cannot log in because its file is not valid"
            + " Prosody data: " + e.getMessage());
        skipped(e.file(), "not valid Prosody data: " + e.getMessage());
      } catch (InvalidJidException e) {
        throw new AssertionError("listed names are nodeprepped: " + user, e);
      }
    }
    for (Path file : listing.unloadable()) {
      String reason = "its name is not the lowercase encoding of a nodeprepped user name" + suggestedName(file);
      report.warn("warning: Prosody can never load " + file + " because " + reason);
      skipped(file, "Prosody can never load it: " + reason);
    }
    return ExitCode.OK;
  }

  private void skipped(Path file, String reason) {
    Map<String, Object> item = Report.object();
    item.put("file", file);
    item.put("reason", reason);
    report.append("skipped", item);
  }

  private static String suggestedName(Path file) {
    String fileName = file.getFileName().toString();
    String stem = fileName.substring(0, fileName.length() - ".dat".length());
    String decoded = new String(NameEncoding.decode(stem), java.nio.charset.StandardCharsets.UTF_8);
    try {
      return ": rename it to " + NameEncoding.encode(Jid.prepareNode(decoded, false)) + ".dat";
    } catch (InvalidJidException e) {
      return ": no valid user name decodes from it";
    }
  }

  /** The prosodyctl commands that take one JID, with their usage text and error wording. */
  private enum JidCommand {
    ADDUSER("adduser", "Create the specified user account in Prosody", "the JID you want to create", true),
    PASSWD(
        "passwd",
        "Set the password for the specified user account in Prosody",
        "the JID you want to set the password for",
        true),
    DELUSER(
        "deluser",
        "Permanently remove the specified user account from Prosody",
        "the JID to the user account you want to delete",
        false);

    final String name;
    final String description;
    final String purpose;
    final boolean warnsOfLogin;

    JidCommand(String name, String description, String purpose, boolean warnsOfLogin) {
      this.name = name;
      this.description = description;
      this.purpose = purpose;
      this.warnsOfLogin = warnsOfLogin;
    }
  }

  /**
   * The account a JID command acts on, or, when {@code accounts} is null, the exit code of a
   * command that ended during the checks.
   */
  private record Target(Jid jid, HostResolver.ResolvedHost resolved, HostAccounts accounts, int exitCode) {

    static Target ended(int exitCode) {
      return new Target(null, null, null, exitCode);
    }
  }

  /**
   * Runs the checks that prosodyctl's {@code adduser}, {@code passwd} and {@code deluser} share,
   * with their messages: help, a missing or host-only JID, a JID that fails prep, and a host the
   * configuration does not declare.
   */
  private Target target(List<String> args, JidCommand command) throws IOException {
    if (args.size() > 1) {
      return Target.ended(tooManyArguments(command.name + " JID", surplusArgumentHint(command)));
    }
    boolean help = !args.isEmpty() && isHelp(args.get(0));
    if (args.isEmpty() || help) {
      return Target.ended(
          report.usage(help ? ExitCode.OK : ExitCode.FAILURE, true, usageLines(command.name + " JID", command.description)));
    }
    Optional<Jid> parsed = parseJid(args.get(0));
    if (parsed.isEmpty()) {
      return Target.ended(report.failOut(ExitCode.FAILURE, ErrorCode.INVALID_JID, JID_WITH_HOST));
    }
    Jid jid = parsed.get();
    if (jid.node() == null) {
      String message = "Failed to understand JID, please supply " + command.purpose;
      report.println(message);
      usageLines(command.name + " user@host", null).forEach(report::println);
      return Target.ended(report.failed(ExitCode.FAILURE, ErrorCode.INVALID_JID, message));
    }

    HostResolver.ResolvedHost resolved = resolver.resolve(jid.host());
    warnIfUndeclared(jid.host(), resolved, command.warnsOfLogin);
    if (resolved.rejection().isPresent()) {
      return Target.ended(reject(resolved.rejection().get(), ExitCode.FAILURE));
    }
    return new Target(jid, resolved, hostAccounts(jid.host(), resolved), ExitCode.OK);
  }

  /** Splits and preps a JID as Prosody's {@code prepped_split} does, or returns empty when prep fails. */
  private static Optional<Jid> parseJid(String text) {
    try {
      return Optional.of(Jid.parsePrepped(text));
    } catch (InvalidJidException e) {
      return Optional.empty();
    }
  }

  /** Returns the access that {@link ManagementCommands} needs, with this command line's settings. */
  ManagementCommands.Hosts managementHosts() {
    return new ManagementCommands.Hosts() {
      @Override
      public Optional<HostAccounts> open(String host) throws IOException {
        HostResolver.ResolvedHost resolved = resolver.resolve(host);
        if (resolved.declared().equals(Optional.of(false))) {
          undeclaredHost(host);
          return Optional.empty();
        }
        if (resolved.rejection().isPresent()) {
          report.fail(ExitCode.CONFIGURATION, ErrorCode.HOST_REJECTED, resolved.rejection().get().explanation());
          return Optional.empty();
        }
        HostAccounts accounts = hostAccounts(host, resolved);
        noteNewHost(accounts, resolved);
        return Optional.of(accounts);
      }

      @Override
      public ProsodyAccounts store() throws IOException {
        return opener.open();
      }

      @Override
      public Optional<PasswordSource> passwordSource() {
        return passwordSource;
      }
    };
  }

  /**
   * Prints the host's notice, if any, before a write. Without a configuration that lists the
   * hosts, it also warns that the write creates the host's folder, because a misspelled host
   * name would otherwise go unnoticed.
   */
  private void noteNewHost(HostAccounts accounts, HostResolver.ResolvedHost resolved) {
    resolved.notice().ifPresent(report::warn);
    if (resolved.declared().isEmpty() && !Files.isDirectory(accounts.folder())) {
      report.warn("note: " + accounts.folder() + " does not exist yet, so host " + accounts.name()
          + " is new in this data directory: check its spelling");
    }
  }

  /**
   * Reports a host whose accounts this tool does not manage: prosodyctl's own line on standard
   * output where it has one, and the explanation on standard error.
   */
  private int reject(HostResolver.Rejection rejection, int exitCode) {
    rejection.prosodyctlMessage().ifPresent(report::println);
    return report.fail(exitCode, ErrorCode.HOST_REJECTED, rejection.explanation());
  }

  /** Reports, for a command that prosodyctl lacks, a host that the configuration does not declare. */
  private int undeclaredHost(String host) {
    return report.fail(
        ExitCode.CONFIGURATION,
        ErrorCode.NO_SUCH_HOST,
        "host " + host + " is not in Prosody's configuration, so its accounts cannot"
            + " log in: add it there, or check the spelling");
  }

  /** Reports, for a command that only reads, a host whose accounts this tool does not manage. */
  private int rejectReading(HostResolver.Rejection rejection) {
    return report.fail(ExitCode.CONFIGURATION, ErrorCode.HOST_REJECTED, rejection.explanation());
  }

  private void warnIfUndeclared(String host, HostResolver.ResolvedHost resolved, boolean cannotLogIn) {
    if (resolved.declared().equals(Optional.of(false))) {
      report.noteOut("The host '" + host + "' is not listed in the configuration file (or is not enabled).");
      if (cannotLogIn) {
        report.noteOut("The user will not be able to log in until this is changed.");
      }
    }
  }

  private HostAccounts hostAccounts(String host, HostResolver.ResolvedHost resolved) throws IOException {
    HostAccounts accounts;
    try {
      accounts = opener.open().host(host, resolved.settings());
    } catch (InvalidJidException e) {
      throw new AssertionError("host was prepped before: " + host, e);
    }
    boolean timestamps =
        prosodyVersion.isPresent()
            ? prosodyVersion.get().writesTimestamps()
            : accounts.hasTimestampedRecords(TIMESTAMP_SAMPLE);
    return accounts.withTimestamps(timestamps);
  }

  /**
   * Reports a name that fails stringprep: prosodyctl's line on standard output, then which value
   * failed and why on standard error.
   */
  private int invalidName(String prosodyctlMessage, InvalidJidException e) {
    report.println(prosodyctlMessage);
    return report.fail(ExitCode.FAILURE, ErrorCode.INVALID_JID, e.getMessage());
  }

  /**
   * Reports a password that fails SASLprep: prosodyctl prints the provider's message, whose
   * internal_plain form ends with a period and whose internal_hashed form does not. The password
   * itself is never printed.
   *
   * @param hint a sentence that explains a carriage return at the end of the password, if any
   */
  private int passwordRejected(HostResolver.ResolvedHost resolved, InvalidPasswordException e, Optional<String> hint) {
    report.println(
        resolved.settings().provider() == AuthProvider.INTERNAL_PLAIN
            ? "Error: Password fails SASLprep."
            : "Error: Password fails SASLprep");
    return report.fail(
        ExitCode.FAILURE,
        ErrorCode.INVALID_PASSWORD,
        e.getMessage() + ", so it was not stored."
            + " Choose a password without control characters such as a newline, tab or carriage return."
            + hint.map(text -> " " + text).orElse(""));
  }

  /** Returns why a password read by {@link #newPassword} ends in a carriage return, if it does. */
  private Optional<String> carriageReturnHint(String password) {
    return passwordSource.isPresent()
        ? passwordSource.get().carriageReturnHint(password)
        : PasswordSource.promptCarriageReturnHint(password);
  }

  /**
   * Rejects surplus arguments. prosodyctl ignores them, but a surplus word is usually a misplaced
   * option or an unquoted password with a space, and ignoring it would write the wrong account.
   *
   * @param hint what the user probably meant, printed in brackets, or null for none
   */
  private int tooManyArguments(String usage, String hint) {
    return report.fail(
        ExitCode.USAGE,
        ErrorCode.USAGE,
        "too many arguments: the usage is " + programName + " " + usage + (hint == null ? "" : " (" + hint + ")"));
  }

  /**
   * Returns the hint for a surplus argument of a JID command: {@code adduser} and {@code passwd}
   * take no password argument, which a user who passes one should learn. It returns null when a
   * {@code --password-*} option gives the password, and for {@code deluser}, which needs none.
   */
  private String surplusArgumentHint(JidCommand command) {
    if (command == JidCommand.DELUSER || passwordSource.isPresent()) {
      return null;
    }
    return command.name + " takes no password argument: it asks for the password, or reads it with a --password-* option";
  }

  private List<String> usageLines(String usage, String description) {
    List<String> lines = new ArrayList<>();
    lines.add("Usage: " + programName + " " + usage);
    if (description != null) {
      lines.add(" " + description);
    }
    return lines;
  }

  /** Sets the result of a command that wrote the account's file. */
  private void writeResult(HostAccounts accounts, String node, String action) throws InvalidJidException {
    report.put("jid", accounts.jid(node)).put("action", action).put("file", accounts.accountFile(node));
  }

  /** Sets the result of a command that deleted an account. */
  private void deleted(HostAccounts accounts, String node, List<Path> files) {
    report.put("jid", accounts.jid(node)).put("action", "deleted").put("files", files.stream().map(Path::toString).toList());
  }

  private static boolean isHelp(String argument) {
    return argument.equals("--help") || argument.equals("-h") || argument.equals("-?");
  }

  private static String argument(List<String> args, int index) {
    return index < args.size() ? args.get(index) : null;
  }
}
