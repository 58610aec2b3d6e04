package org.prosodyaccounts.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.prosodyaccounts.BulkImport;
import org.prosodyaccounts.HostAccounts;
import org.prosodyaccounts.HostRejectedException;
import org.prosodyaccounts.ImportEntry;
import org.prosodyaccounts.ImportException;
import org.prosodyaccounts.ImportMode;
import org.prosodyaccounts.ImportOutcome;
import org.prosodyaccounts.ImportProblem;
import org.prosodyaccounts.ImportReader;
import org.prosodyaccounts.ImportResult;
import org.prosodyaccounts.ProsodyVersion;
import org.prosodyaccounts.prep.InvalidJidException;
import org.prosodyaccounts.prep.Jid;

/**
 * The {@code import} and {@code export} commands, which prosodyctl lacks. Hosts are resolved as
 * {@code register} resolves them: a host the configuration does not declare, or whose accounts
 * are not files, is rejected.
 */
final class BulkCommands {

  /** How many of a host's records are read to tell whether Prosody 13 manages it. */
  private static final int TIMESTAMP_SAMPLE = 20;

  private final String programName;
  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;
  private final UserCommands.AccountsOpener opener;
  private final HostResolver resolver;
  private final Optional<ProsodyVersion> prosodyVersion;
  private final boolean showProgress;

  /**
   * @param showProgress true to draw a progress line on standard error, which only makes sense
   *     when standard error is a terminal
   */
  BulkCommands(
      String programName,
      InputStream in,
      PrintStream out,
      PrintStream err,
      UserCommands.AccountsOpener opener,
      HostResolver resolver,
      Optional<ProsodyVersion> prosodyVersion,
      boolean showProgress) {
    this.programName = programName;
    this.in = in;
    this.out = out;
    this.err = err;
    this.opener = opener;
    this.resolver = resolver;
    this.prosodyVersion = prosodyVersion;
    this.showProgress = showProgress;
  }

  /** {@code import FILE}: registers every account of a JSON Lines or tab-separated file. */
  int importAccounts(List<String> args, CliOptions options) throws IOException {
    if (args.size() != 1 || isHelp(args.get(0))) {
      PrintStream stream = args.size() == 1 ? out : err;
      stream.println("Usage: " + programName + " import [--ensure] [--format jsonl|tsv] FILE");
      stream.println(" Register every account of FILE (- for standard input): JSON Lines such as");
      stream.println(" {\"jid\": \"jvb@auth.meet.example.org\", \"password\": \"secret\"}, or jid<TAB>password lines.");
      stream.println(" Every line is checked before anything is written. --ensure leaves accounts whose");
      stream.println(" password already matches unchanged.");
      return args.size() == 1 ? ExitCode.OK : ExitCode.USAGE;
    }

    List<ImportEntry> entries;
    try (InputStream input = open(args.get(0))) {
      entries = ImportReader.read(input, options.importFormat());
    } catch (NoSuchFileException e) {
      err.println(programName + ": import file " + args.get(0) + " does not exist");
      return ExitCode.USAGE;
    } catch (InvalidPathException e) {
      err.println(programName + ": invalid import file name '" + args.get(0) + "': " + e.getReason());
      return ExitCode.USAGE;
    } catch (ImportException e) {
      reportProblems(e);
      return ExitCode.USAGE;
    }

    ImportMode mode = options.ensure() ? ImportMode.ENSURE : ImportMode.REGISTER;
    Progress progress = new Progress(entries.size());
    // Twice as many threads as cores, so that one thread hashes while another waits for the fsync
    // of its file.
    int threads = Integer.getInteger("prosody.accounts.threads", 2 * Runtime.getRuntime().availableProcessors());
    List<ImportResult> results;
    try {
      results = BulkImport.run(entries, this::hostAccounts, mode, threads, progress::update);
    } catch (ImportException e) {
      reportProblems(e);
      return ExitCode.FAILURE;
    } finally {
      progress.finish();
    }

    Map<ImportOutcome, Integer> counts = new EnumMap<>(ImportOutcome.class);
    for (ImportOutcome outcome : ImportOutcome.values()) {
      counts.put(outcome, 0);
    }
    for (ImportResult result : results) {
      out.println(result.outcome().label() + " " + result.jid() + " (line " + result.line() + ")");
      counts.merge(result.outcome(), 1, Integer::sum);
    }
    out.println(
        results.size() + " accounts: " + counts.get(ImportOutcome.CREATED) + " created, "
            + counts.get(ImportOutcome.UPDATED) + " updated, " + counts.get(ImportOutcome.UNCHANGED) + " unchanged");
    return ExitCode.OK;
  }

  /** {@code export HOST}: writes every account of a host as JSON Lines on standard output. */
  int exportAccounts(List<String> args, CliOptions options) throws IOException {
    if (args.size() != 1 || isHelp(args.get(0))) {
      PrintStream stream = args.size() == 1 ? out : err;
      stream.println("Usage: " + programName + " export [--with-secrets] HOST");
      stream.println(" Write every account of HOST as JSON Lines: jid, kind, iteration_count, created,");
      stream.println(" updated and disabled. --with-secrets adds password, salt, stored_key and server_key,");
      stream.println(" which import reads back.");
      return args.size() == 1 ? ExitCode.OK : ExitCode.USAGE;
    }
    String host;
    try {
      host = Jid.prepareHost(args.get(0));
    } catch (InvalidJidException e) {
      err.println(programName + ": invalid host name '" + args.get(0) + "'");
      return ExitCode.USAGE;
    }
    HostResolver.ResolvedHost resolved = resolver.resolve(host);
    if (resolved.rejection().isPresent()) {
      err.println(programName + ": " + resolved.rejection().get().explanation());
      return ExitCode.CONFIGURATION;
    }
    HostAccounts accounts;
    try {
      accounts = opener.open().host(host, resolved.settings());
    } catch (InvalidJidException e) {
      throw new AssertionError("host was prepped before: " + host, e);
    }
    if (!Files.isDirectory(accounts.folder())) {
      err.println(programName + ": note: host " + host + " has no folder in the data directory (" + accounts.folder()
          + "), so it has no accounts: check its spelling");
      return ExitCode.OK;
    }

    AtomicLong corrupt = new AtomicLong();
    OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
    accounts.exportAccounts(
        buffered,
        options.withSecrets(),
        (file, problem) -> {
          if (problem == null) {
            err.println(programName + ": warning: skipped " + file + " because Prosody can never load it: its name is"
                + " not the lowercase encoding of a nodeprepped user name");
          } else {
            corrupt.incrementAndGet();
            err.println(programName + ": warning: skipped a record that is not valid Prosody data: " + problem.getMessage());
          }
        });
    buffered.flush();
    if (corrupt.get() > 0) {
      err.println(programName + ": " + corrupt.get() + " records were not exported because they are not valid Prosody data");
      return ExitCode.CORRUPT_FILE;
    }
    return ExitCode.OK;
  }

  private InputStream open(String name) throws IOException {
    if (name.equals("-")) {
      return new java.io.FilterInputStream(in) {
        @Override
        public void close() {
          // Standard input stays open for the caller.
        }
      };
    }
    return Files.newInputStream(Path.of(name));
  }

  private void reportProblems(ImportException e) {
    for (ImportProblem problem : e.problems()) {
      err.println(programName + ": line " + problem.line() + ": " + problem.message());
    }
    err.println(programName + ": nothing was imported: fix the lines above and run the import again");
  }

  /** Resolves a host as {@code register} does, with the record format of {@link UserCommands}. */
  private HostAccounts hostAccounts(String host) throws HostRejectedException, IOException {
    HostResolver.ResolvedHost resolved = resolver.resolve(host);
    if (resolved.declared().equals(Optional.of(false))) {
      throw new HostRejectedException(UserCommands.NO_SUCH_HOST);
    }
    if (resolved.rejection().isPresent()) {
      throw new HostRejectedException(resolved.rejection().get().explanation());
    }
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

  private static boolean isHelp(String argument) {
    return argument.equals("--help") || argument.equals("-h") || argument.equals("-?");
  }

  /** A progress line on standard error, redrawn at most every 100 ms. */
  private final class Progress {
    private final int total;
    private long lastDrawn;
    private boolean drawn;

    Progress(int total) {
      this.total = total;
    }

    synchronized void update(int done) {
      if (!showProgress) {
        return;
      }
      long now = System.nanoTime();
      if (done < total && now - lastDrawn < 100_000_000L) {
        return;
      }
      lastDrawn = now;
      drawn = true;
      int width = 30;
      int filled = total == 0 ? width : (int) ((long) done * width / total);
      err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total);
      err.flush();
    }

    synchronized void finish() {
      if (drawn) {
        err.println();
      }
    }
  }
}
