package org.prosodyaccounts.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.prosodyaccounts.ImportReader;
import org.prosodyaccounts.ProsodyVersion;
import org.prosodyaccounts.auth.AuthProvider;
import org.prosodyaccounts.auth.HashAlgorithm;

/**
 * The parsed command line: global options, the command and its arguments.
 *
 * @param dataPath {@code --data-path}, or empty for the default
 * @param auth {@code --auth}, or empty for the host's provider
 * @param hash {@code --password-hash}, or empty for the host's hash
 * @param iterations {@code --iterations}, or empty for the host's count
 * @param prosodyVersion {@code --prosody-version}, or empty to detect the record format
 * @param config {@code --config}, or empty to use {@code PROSODY_CONFIG} or the default file
 * @param noConfig true for {@code --no-config}: read no configuration
 * @param passwordStdin true for {@code --password-stdin}
 * @param passwordFile {@code --password-file}, or empty
 * @param passwordEnv {@code --password-env}, or empty
 * @param help true when {@code --help} or {@code -h} came before the command
 * @param version true for {@code --version}
 * @param command the command name, or empty when none was given
 * @param arguments the command's arguments, including {@code --help} when it followed the
 *     command, because prosodyctl's commands handle their own help
 * @param json true for {@code --json}: one JSON document on standard output
 * @param dryRun true for {@code --dry-run}: check and report, but write nothing
 */
record CliOptions(
    Optional<Path> dataPath,
    Optional<AuthProvider> auth,
    Optional<HashAlgorithm> hash,
    OptionalInt iterations,
    Optional<ProsodyVersion> prosodyVersion,
    Optional<Path> config,
    boolean noConfig,
    boolean passwordStdin,
    Optional<Path> passwordFile,
    Optional<String> passwordEnv,
    boolean help,
    boolean version,
    Optional<String> command,
    List<String> arguments,
    boolean ensure,
    Optional<ImportReader.Format> importFormat,
    boolean withSecrets,
    boolean json,
    boolean dryRun) {

  CliOptions {
    arguments = List.copyOf(arguments);
  }
}
