package org.prosodyaccounts.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.prosodyaccounts.ProsodyAccounts;
import org.prosodyaccounts.ProsodyVersion;
import org.prosodyaccounts.store.CorruptFileException;
import org.prosodyaccounts.store.DataDirectoryException;

/**
 * Runs one command line. It never exits the JVM and writes only to the streams it was given, so
 * tests run it in-process.
 */
final class Cli {

  /** The smallest default_iteration_count Prosody 13 accepts, and below which 0.12 logs a warning. */
  private static final int MIN_PROSODY_13_ITERATIONS = 4096;

  private static final String CORRUPT_FILE_ADVICE =
      "The file was left unchanged. Prosody cannot read it either: repair it or restore it from a backup.";

  /** The commands that write; {@code role} writes only when given a role. */
  private static final Set<String> WRITING_COMMANDS =
      Set.of(
          "register", "unregister", "adduser", "passwd", "deluser", "ensure", "disable", "enable",
          "roster subscribe", "import", "apply");

  /**
   * The writing commands whose standard output carries prosodyctl's words, so that a dry run
   * reports its changes on standard error instead.
   */
  private static final Set<String> PROSODYCTL_WRITING_COMMANDS =
      Set.of("register", "unregister", "adduser", "passwd", "deluser");

  private final String programName;
  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;
  private final Terminal terminal;
  private final CliEnvironment environment;

  /**
   * @param programName the name that usage lines show, as prosodyctl shows its {@code arg[0]}
   * @param terminal the terminal for hidden password input, or null when there is none
   * @param environment the environment variables and the machine's Prosody files
   */
  Cli(
      String programName,
      InputStream in,
      PrintStream out,
      PrintStream err,
      Terminal terminal,
      CliEnvironment environment) {
    this.programName = programName;
    this.in = in;
    this.out = out;
    this.err = err;
    this.terminal = terminal;
    this.environment = environment;
  }

  /** Runs {@code args} and returns the exit code. */
  int run(String[] args) {
    CliOptions options;
    try {
      options = OptionsParser.parse(args);
    } catch (UsageException e) {
      Report report = new Report(programName, out, err, OptionsParser.requestsJson(args));
      return report.finish(usageError(report, e.getMessage()));
    }
    Report report = new Report(programName, out, err, options.json());

    if (options.version()) {
      report.command("version");
      report.println("prosody-accounts " + version());
      report.put("version", version());
      return report.finish(ExitCode.OK);
    }
    if (options.help()) {
      out.print(Help.text(programName));
      return ExitCode.OK;
    }
    if (options.command().isEmpty()) {
      if (report.json()) {
        return report.finish(
            report.fail(ExitCode.USAGE, ErrorCode.USAGE, "no command given: run '" + programName + " --help' for the commands"));
      }
      err.print(Help.text(programName));
      return ExitCode.USAGE;
    }
    report.command(commandName(options));
    report.dryRun(options.dryRun());
    int exitCode = execute(report, options);
    if (options.dryRun() && writes(options)) {
      report.endDryRun(PROSODYCTL_WRITING_COMMANDS.contains(commandName(options)) && exitCode == ExitCode.OK);
    }
    return report.finish(exitCode);
  }

  /** Returns whether the command writes to the data directory when it is not a dry run. */
  private static boolean writes(CliOptions options) {
    String command = commandName(options);
    if (command.equals("role")) {
      return options.arguments().size() == 2;
    }
    return WRITING_COMMANDS.contains(command);
  }

  /** Returns the document's command word: the command, with its subcommand for {@code roster}. */
  private static String commandName(CliOptions options) {
    String command = options.command().get();
    List<String> arguments = options.arguments();
    if (command.equals("roster") && !arguments.isEmpty() && List.of("subscribe", "show").contains(arguments.get(0))) {
      return command + " " + arguments.get(0);
    }
    return command;
  }

  private int execute(Report report, CliOptions options) {
    Configuration configuration;
    try {
      configuration = Configuration.load(options, environment);
    } catch (Configuration.ConfigurationError e) {
      return report.fail(ExitCode.CONFIGURATION, ErrorCode.CONFIGURATION, e.getMessage());
    }
    configuration.notice().ifPresent(report::warn);
    if (options.iterations().isPresent() && options.iterations().getAsInt() < MIN_PROSODY_13_ITERATIONS) {
      report.warn(
          "warning: --iterations " + options.iterations().getAsInt() + " is below "
              + MIN_PROSODY_13_ITERATIONS + ": Prosody logs a warning at each login with such a record, and"
              + " Prosody 13 refuses a default_iteration_count below it");
    }
    Path dataPath = configuration.dataPath(options);
    UserCommands.AccountsOpener opener = openOnce(configuration, dataPath, options.dryRun());
    PasswordPrompt prompt = new PasswordPrompt(in, report.promptStream(), terminal);
    UserCommands commands =
        new UserCommands(
            report,
            prompt,
            opener,
            configuration.hosts(options),
            options.prosodyVersion().or(() -> ProsodyVersion.installed(environment.prosodyVersionFile())),
            PasswordSource.from(options, in, environment.variables()));

    BulkCommands bulk =
        new BulkCommands(
            report,
            in,
            opener,
            configuration.hosts(options),
            options.prosodyVersion().or(() -> ProsodyVersion.installed(environment.prosodyVersionFile())),
            terminal != null && !report.json());

    try {
      if (options.command().get().equals("import")) {
        return bulk.importAccounts(options.arguments(), options);
      }
      if (options.command().get().equals("export")) {
        return bulk.exportAccounts(options.arguments(), options);
      }
      if (options.command().get().equals("apply")) {
        return new ApplyCommand(report, in, opener, configuration.hosts(options),
                options.prosodyVersion().or(() -> ProsodyVersion.installed(environment.prosodyVersionFile())),
                environment.variables())
            .run(options.arguments());
      }
      if (options.command().get().equals("doctor")) {
        return new Doctor(report)
            .run(options.arguments(), configuration, dataPath, configuration.hosts(options), options);
      }
      return dispatch(report, commands, prompt, options.command().get(), options);
    } catch (CorruptFileException e) {
      report.printErr(programName + ": " + e.getMessage());
      report.printErr(CORRUPT_FILE_ADVICE);
      return report.failed(ExitCode.CORRUPT_FILE, ErrorCode.CORRUPT_FILE, e.getMessage() + ". " + CORRUPT_FILE_ADVICE);
    } catch (DataDirectoryException e) {
      return report.fail(ExitCode.IO_ERROR, ErrorCode.IO_ERROR, e.getMessage());
    } catch (FileSystemException e) {
      return report.fail(ExitCode.IO_ERROR, ErrorCode.IO_ERROR, describe(e));
    } catch (IOException e) {
      return report.fail(ExitCode.IO_ERROR, ErrorCode.IO_ERROR, "I/O error: " + e.getMessage());
    } catch (RuntimeException e) {
      // A bug, not bad input: one line instead of a stack trace. Every write is atomic, so no
      // file was left half written.
      return report.fail(
          ExitCode.INTERNAL,
          ErrorCode.INTERNAL,
          "internal error: " + e.getClass().getSimpleName() + ": " + e.getMessage()
              + ". No file was left half written. Please report this with the command line, without its password.");
    }
  }

  /**
   * Returns an opener that opens the data directory on first use and then returns the same
   * instance, so that the writes of a dry run stay visible to the command's later reads.
   */
  private static UserCommands.AccountsOpener openOnce(Configuration configuration, Path dataPath, boolean dryRun) {
    ProsodyAccounts[] opened = new ProsodyAccounts[1];
    return () -> {
      if (opened[0] == null) {
        ProsodyAccounts accounts = configuration.open(dataPath);
        opened[0] = dryRun ? accounts.dryRun() : accounts;
      }
      return opened[0];
    };
  }

  private int dispatch(Report report, UserCommands commands, PasswordPrompt prompt, String command, CliOptions options)
      throws IOException {
    var arguments = options.arguments();
    switch (command) {
      case "register":
        return commands.register(arguments);
      case "unregister":
        return commands.unregister(arguments);
      case "adduser":
        return commands.adduser(arguments);
      case "passwd":
        return commands.passwd(arguments);
      case "deluser":
        return commands.deluser(arguments);
      case "verify":
        return commands.verify(arguments, terminal);
      case "list":
        return commands.list(arguments);
      case "ensure":
        return management(report, commands, prompt).ensure(arguments);
      case "exists":
        return management(report, commands, prompt).exists(arguments);
      case "show":
        return management(report, commands, prompt).show(arguments);
      case "disable":
        return management(report, commands, prompt).setDisabled(arguments, true);
      case "enable":
        return management(report, commands, prompt).setDisabled(arguments, false);
      case "role":
        return management(report, commands, prompt).role(arguments);
      case "roster":
        return management(report, commands, prompt).roster(arguments);
      default:
        return usageError(report, "unknown command '" + command + "'");
    }
  }

  private ManagementCommands management(Report report, UserCommands commands, PasswordPrompt prompt) {
    return new ManagementCommands(report, commands.managementHosts(), terminal != null ? prompt : null);
  }

  private int usageError(Report report, String message) {
    report.printErr(programName + ": " + message);
    report.printErr("Run '" + programName + " --help' for the commands and options.");
    return report.failed(
        ExitCode.USAGE, ErrorCode.USAGE, message + ". Run '" + programName + " --help' for the commands and options.");
  }

  private static String describe(FileSystemException e) {
    String reason = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
    return e.getFile() + ": " + reason;
  }

  static String version() {
    String version = Cli.class.getPackage().getImplementationVersion();
    return version == null ? "development build" : version;
  }
}
