package org.prosodyaccounts.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
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
      return usageError(e.getMessage());
    }

    if (options.version()) {
      out.println("prosody-accounts " + version());
      return ExitCode.OK;
    }
    if (options.help()) {
      out.print(Help.text(programName));
      return ExitCode.OK;
    }
    if (options.command().isEmpty()) {
      err.print(Help.text(programName));
      return ExitCode.USAGE;
    }

    Configuration configuration;
    try {
      configuration = Configuration.load(options, environment);
    } catch (Configuration.ConfigurationError e) {
      err.println(programName + ": " + e.getMessage());
      return ExitCode.CONFIGURATION;
    }
    configuration.notice().ifPresent(notice -> err.println(programName + ": " + notice));
    if (options.iterations().isPresent() && options.iterations().getAsInt() < MIN_PROSODY_13_ITERATIONS) {
      err.println(
          programName + ": warning: --iterations " + options.iterations().getAsInt() + " is below "
              + MIN_PROSODY_13_ITERATIONS + ": Prosody logs a warning at each login with such a record, and"
              + " Prosody 13 refuses a default_iteration_count below it");
    }
    Path dataPath = configuration.dataPath(options);
    UserCommands commands =
        new UserCommands(
            programName,
            new PasswordPrompt(in, out, terminal),
            out,
            err,
            () -> configuration.open(dataPath),
            configuration.hosts(options),
            options.prosodyVersion().or(() -> ProsodyVersion.installed(environment.prosodyVersionFile())),
            PasswordSource.from(options, in, environment.variables()));

    BulkCommands bulk =
        new BulkCommands(
            programName,
            in,
            out,
            err,
            () -> configuration.open(dataPath),
            configuration.hosts(options),
            options.prosodyVersion().or(() -> ProsodyVersion.installed(environment.prosodyVersionFile())),
            terminal != null);

    try {
      if (options.command().get().equals("import")) {
        return bulk.importAccounts(options.arguments(), options);
      }
      if (options.command().get().equals("export")) {
        return bulk.exportAccounts(options.arguments(), options);
      }
      if (options.command().get().equals("apply")) {
        return new ApplyCommand(programName, in, out, err, () -> configuration.open(dataPath), configuration.hosts(options),
                options.prosodyVersion().or(() -> ProsodyVersion.installed(environment.prosodyVersionFile())),
                environment.variables())
            .run(options.arguments());
      }
      if (options.command().get().equals("doctor")) {
        return new Doctor(programName, out, err)
            .run(options.arguments(), configuration, dataPath, configuration.hosts(options), options);
      }
      return dispatch(commands, options.command().get(), options);
    } catch (CorruptFileException e) {
      err.println(programName + ": " + e.getMessage());
      err.println(
          "The file was left unchanged. Prosody cannot read it either: repair it or restore it from a backup.");
      return ExitCode.CORRUPT_FILE;
    } catch (DataDirectoryException e) {
      err.println(programName + ": " + e.getMessage());
      return ExitCode.IO_ERROR;
    } catch (FileSystemException e) {
      err.println(programName + ": " + describe(e));
      return ExitCode.IO_ERROR;
    } catch (IOException e) {
      err.println(programName + ": I/O error: " + e.getMessage());
      return ExitCode.IO_ERROR;
    } catch (RuntimeException e) {
      // A bug, not bad input: one line instead of a stack trace. Every write is atomic, so no
      // file was left half written.
      err.println(programName + ": internal error: " + e.getClass().getSimpleName() + ": " + e.getMessage()
          + ". No file was left half written. Please report this with the command line, without its password.");
      return ExitCode.INTERNAL;
    }
  }

  private int dispatch(UserCommands commands, String command, CliOptions options) throws IOException {
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
        return management(commands).ensure(arguments);
      case "exists":
        return management(commands).exists(arguments);
      case "show":
        return management(commands).show(arguments);
      case "disable":
        return management(commands).setDisabled(arguments, true);
      case "enable":
        return management(commands).setDisabled(arguments, false);
      case "role":
        return management(commands).role(arguments);
      case "roster":
        return management(commands).roster(arguments);
      default:
        return usageError("unknown command '" + command + "'");
    }
  }

  private ManagementCommands management(UserCommands commands) {
    return new ManagementCommands(programName, out, err, commands.managementHosts());
  }

  private int usageError(String message) {
    err.println(programName + ": " + message);
    err.println("Run '" + programName + " --help' for the commands and options.");
    return ExitCode.USAGE;
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
