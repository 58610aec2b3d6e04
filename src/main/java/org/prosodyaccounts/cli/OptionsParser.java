package org.prosodyaccounts.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.prosodyaccounts.ImportReader;
import org.prosodyaccounts.ProsodyVersion;
import org.prosodyaccounts.auth.AuthProvider;
import org.prosodyaccounts.auth.HashAlgorithm;

/**
 * Turns the command line into {@link CliOptions}.
 *
 * <p>Options may stand before the command, as with prosodyctl, or after it. After the command,
 * {@code --help} reaches the command, which prints its own usage as prosodyctl does; any other
 * word that starts with {@code --} must be a known option, so that a misspelled option is an
 * error rather than a user name or password. A word with one dash, such as a password {@code -x},
 * is an argument. {@code --} ends the options.
 */
final class OptionsParser {

  /** The largest --iterations value: the most that {@code verify} derives keys for. */
  static final int MAX_ITERATIONS = org.prosodyaccounts.auth.AccountRecords.MAX_VERIFIED_ITERATIONS;

  private static final Set<String> VALUE_OPTIONS =
      Set.of(
          "config",
          "data-path",
          "auth",
          "password-hash",
          "iterations",
          "prosody-version",
          "password-file",
          "password-env",
          "format");

  /** Options without a value that are recognized after the command too. */
  private static final Set<String> FLAGS_AFTER_COMMAND =
      Set.of(
          "--no-config", "--version", "--password-stdin", "--ensure", "--with-secrets", "--json", "--dry-run");

  /** Help requests that reach the command, which prints its own usage as prosodyctl does. */
  private static final Set<String> COMMAND_HELP = Set.of("--help", "-h", "-?");

  private OptionsParser() {}

  static Options options() {
    Options options = new Options();
    options.addOption(
        valueOption(
            "config",
            "FILE",
            "Prosody's configuration (default $PROSODY_CONFIG, else"
                + " /etc/prosody/prosody.cfg.lua)"));
    options.addOption(
        flag("no-config", "read no configuration: hosts use the options and Prosody's defaults"));
    options.addOption(
        valueOption(
            "data-path",
            "DIR",
            "Prosody's data directory (default: the configuration's data_path, else"
                + " /var/lib/prosody)"));
    options.addOption(
        valueOption(
            "auth",
            "PROVIDER",
            "the host's authentication provider: internal_hashed (default) or internal_plain"));
    options.addOption(
        valueOption(
            "password-hash",
            "HASH",
            "the SCRAM hash of internal_hashed records: SHA-1 (default) or SHA-256"));
    options.addOption(
        valueOption(
            "iterations", "N", "PBKDF2 iteration count of new hashed records (default 10000)"));
    options.addOption(
        valueOption(
            "prosody-version",
            "VERSION",
            "the record format to write: 13 adds the created and updated fields, 0.12 does not"
                + " (default: the installed Prosody's, else what the host's records contain, else"
                + " 0.12)"));
    options.addOption(
        flag(
            "password-stdin",
            "read the password from standard input: one line, its newline removed"));
    options.addOption(
        valueOption(
            "password-file", "FILE", "read the password from FILE: one line, its newline removed"));
    options.addOption(
        valueOption("password-env", "VAR", "read the password from the environment variable VAR"));
    options.addOption(
        flag("ensure", "import: leave accounts whose password already matches unchanged"));
    options.addOption(
        valueOption(
            "format",
            "FORMAT",
            "import: jsonl or tsv (default: jsonl when the first line starts with {, else tsv)"));
    options.addOption(
        flag("with-secrets", "export: include password, salt, stored_key and server_key"));
    options.addOption(
        flag("json", "print one JSON document on standard output (see docs/json-output.md)"));
    options.addOption(
        flag("dry-run", "check everything and report what would change, but write nothing"));
    options.addOption(helpFlag("print this help and exit"));
    options.addOption(flag("version", "print the version and exit"));
    return options;
  }

  private static Option valueOption(String name, String argument, String description) {
    return Option.builder().longOpt(name).hasArg().argName(argument).desc(description).build();
  }

  private static Option flag(String name, String description) {
    return Option.builder().longOpt(name).desc(description).build();
  }

  /** Returns {@code --help}, which also has the short form {@code -h}. */
  private static Option helpFlag(String description) {
    return Option.builder("h").longOpt("help").desc(description).build();
  }

  /**
   * Parses {@code args}.
   *
   * @throws UsageException if an option is unknown, lacks its value or has an invalid value
   */
  static CliOptions parse(String[] args) throws UsageException {
    List<String> optionTokens = new ArrayList<>();
    List<String> positional = new ArrayList<>();
    boolean commandSeen = false;
    boolean endOfOptions = false;

    for (int i = 0; i < args.length; i++) {
      String token = args[i];
      if (endOfOptions) {
        positional.add(token);
      } else if (token.equals("--")) {
        endOfOptions = true;
      } else if (!commandSeen && token.startsWith("-") && token.length() > 1) {
        optionTokens.add(token);
        if (takesSeparateValue(token) && i + 1 < args.length) {
          optionTokens.add(args[++i]);
        }
      } else if (commandSeen && FLAGS_AFTER_COMMAND.contains(token)) {
        optionTokens.add(token);
      } else if (commandSeen && isValueOption(token)) {
        optionTokens.add(token);
        if (takesSeparateValue(token) && i + 1 < args.length) {
          optionTokens.add(args[++i]);
        }
      } else if (commandSeen && token.startsWith("--") && !COMMAND_HELP.contains(token)) {
        throw new UsageException(
            "unknown option "
                + token
                + " (an argument that starts with -- goes after a separate --)");
      } else {
        commandSeen = true;
        positional.add(token);
      }
    }

    CommandLine line;
    try {
      line = new DefaultParser().parse(options(), optionTokens.toArray(String[]::new));
    } catch (ParseException e) {
      throw new UsageException(e.getMessage());
    }
    long passwordOptions =
        java.util.stream.Stream.of("password-stdin", "password-file", "password-env")
            .filter(line::hasOption)
            .count();
    if (passwordOptions > 1) {
      throw new UsageException(
          "give only one of --password-stdin, --password-file and --password-env");
    }

    Optional<String> command = positional.isEmpty() ? Optional.empty() : Optional.of(positional.get(0));
    List<String> arguments = positional.isEmpty() ? List.of() : positional.subList(1, positional.size());
    return new CliOptions(
        dataPath(line),
        auth(line),
        hash(line),
        iterations(line),
        prosodyVersion(line),
        path(line, "config"),
        line.hasOption("no-config"),
        line.hasOption("password-stdin"),
        path(line, "password-file"),
        Optional.ofNullable(line.getOptionValue("password-env")),
        line.hasOption("help"),
        line.hasOption("version"),
        command,
        arguments,
        line.hasOption("ensure"),
        importFormat(line),
        line.hasOption("with-secrets"),
        line.hasOption("json"),
        line.hasOption("dry-run"));
  }

  private static boolean isValueOption(String token) {
    if (!token.startsWith("--")) {
      return false;
    }
    String name = token.substring(2);
    int equals = name.indexOf('=');
    return VALUE_OPTIONS.contains(equals < 0 ? name : name.substring(0, equals));
  }

  private static boolean takesSeparateValue(String token) {
    return isValueOption(token) && token.indexOf('=') < 0;
  }

  private static Optional<Path> dataPath(CommandLine line) throws UsageException {
    return path(line, "data-path");
  }

  private static Optional<Path> path(CommandLine line, String option) throws UsageException {
    String value = line.getOptionValue(option);
    if (value == null) {
      return Optional.empty();
    }
    if (value.isEmpty()) {
      throw new UsageException("--" + option + " is empty: give a path");
    }
    try {
      return Optional.of(Path.of(value));
    } catch (InvalidPathException e) {
      throw new UsageException("invalid --" + option + " '" + value + "': " + e.getReason());
    }
  }

  private static Optional<AuthProvider> auth(CommandLine line) throws UsageException {
    String value = line.getOptionValue("auth");
    if (value == null) {
      return Optional.empty();
    }
    return Optional.of(
        AuthProvider.fromConfigName(value)
            .orElseThrow(
                () ->
                    new UsageException(
                        "invalid --auth '"
                            + value
                            + "': this tool writes internal_hashed or internal_plain accounts")));
  }

  private static Optional<HashAlgorithm> hash(CommandLine line) throws UsageException {
    String value = line.getOptionValue("password-hash");
    if (value == null) {
      return Optional.empty();
    }
    return Optional.of(
        HashAlgorithm.fromConfigName(value)
            .orElseThrow(
                () ->
                    new UsageException(
                        "invalid --password-hash '" + value + "': use SHA-1 or SHA-256")));
  }

  private static OptionalInt iterations(CommandLine line) throws UsageException {
    String value = line.getOptionValue("iterations");
    if (value == null) {
      return OptionalInt.empty();
    }
    int count;
    try {
      count = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      count = -1;
    }
    if (count < 1 || count > MAX_ITERATIONS) {
      throw new UsageException(
          "invalid --iterations '" + value + "': give a whole number from 1 to " + MAX_ITERATIONS
              + " (Prosody's default is 10000; Prosody 13 requires at least 4096)");
    }
    return OptionalInt.of(count);
  }

  private static Optional<ProsodyVersion> prosodyVersion(CommandLine line) throws UsageException {
    String value = line.getOptionValue("prosody-version");
    if (value == null) {
      return Optional.empty();
    }
    return Optional.of(
        ProsodyVersion.parse(value)
            .orElseThrow(
                () ->
                    new UsageException(
                        "invalid --prosody-version '"
                            + value
                            + "': give a release such as 0.12 or 13")));
  }

  private static Optional<ImportReader.Format> importFormat(CommandLine line) throws UsageException {
    String value = line.getOptionValue("format");
    if (value == null) {
      return Optional.empty();
    }
    return Optional.of(
        ImportReader.Format.fromName(value)
            .orElseThrow(
                () -> new UsageException("invalid --format '" + value + "': use jsonl or tsv")));
  }

  /**
   * Returns whether {@code args} requests JSON output, for a command line that {@link #parse}
   * rejects: {@code --json} anywhere before a {@code --} that ends the options.
   */
  static boolean requestsJson(String[] args) {
    for (String token : args) {
      if (token.equals("--")) {
        return false;
      }
      if (token.equals("--json")) {
        return true;
      }
    }
    return false;
  }

  /** Returns the option summary for {@code --help}. */
  static String optionsHelp() {
    HelpFormatter formatter = new HelpFormatter();
    java.io.StringWriter text = new java.io.StringWriter();
    formatter.printOptions(new java.io.PrintWriter(text), 90, options(), 2, 3);
    return text.toString();
  }
}
