package org.prosodyaccounts.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.prosodyaccounts.ProsodyAccounts;
import org.prosodyaccounts.ProsodyVersion;
import org.prosodyaccounts.auth.AuthSettings;
import org.prosodyaccounts.store.CorruptFileException;
import org.prosodyaccounts.store.DataDirectoryException;

/**
 * Runs one command line. It never exits the JVM and writes only to the streams it was given, so
 * tests run it in-process.
 */
final class Cli {

  private final String programName;
  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;
  private final Terminal terminal;
  private final Path prosodyVersionFile;

  /**
   * @param programName the name that usage lines show, as prosodyctl shows its {@code arg[0]}
   * @param terminal the terminal for hidden password input, or null when there is none
   * @param prosodyVersionFile the installed Prosody's {@code prosody.version} file, which need not
   *     exist
   */
  Cli(
      String programName,
      InputStream in,
      PrintStream out,
      PrintStream err,
      Terminal terminal,
      Path prosodyVersionFile) {
    this.programName = programName;
    this.in = in;
    this.out = out;
    this.err = err;
    this.terminal = terminal;
    this.prosodyVersionFile = prosodyVersionFile;
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

    AuthSettings defaults = AuthSettings.defaults();
    AuthSettings settings =
        new AuthSettings(
            options.auth().orElse(defaults.provider()),
            options.hash().orElse(defaults.hash()),
            options.iterations().orElse(defaults.iterations()));
    Path dataPath = options.dataPath().orElse(ProsodyAccounts.DEFAULT_DATA_PATH);
    UserCommands commands =
        new UserCommands(
            programName,
            new PasswordPrompt(in, out, terminal),
            out,
            err,
            () -> ProsodyAccounts.open(dataPath),
            HostResolver.withoutConfiguration(settings),
            options.prosodyVersion().or(() -> ProsodyVersion.installed(prosodyVersionFile)));

    try {
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
      default:
        return usageError("unknown command '" + command + "'");
    }
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
