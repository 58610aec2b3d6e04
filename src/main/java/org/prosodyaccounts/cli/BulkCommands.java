package org.prosodyaccounts.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.prosodyaccounts.AccountExport;
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

  /** The number of characters of the progress bar between its brackets. */
  private static final int PROGRESS_WIDTH = 30;

  private final String programName;
  private final Report report;
  private final InputStream in;
  private final UserCommands.AccountsOpener opener;
  private final HostResolver resolver;
  private final Optional<ProsodyVersion> prosodyVersion;
  private final boolean showProgress;

  /**
   * @param showProgress true to draw a progress line on standard error, which only makes sense
   *     when standard error is a terminal
   */
  BulkCommands(
      Report report,
      InputStream in,
      UserCommands.AccountsOpener opener,
      HostResolver resolver,
      Optional<ProsodyVersion> prosodyVersion,
      boolean showProgress) {
    this.programName = report.programName();
    this.report = report;
    this.in = in;
    this.opener = opener;
    this.resolver = resolver;
    this.prosodyVersion = prosodyVersion;
    this.showProgress = showProgress;
  }

  /** {@code import FILE}: registers every account of a JSON Lines or tab-separated file. */
  int importAccounts(List<String> args, CliOptions options) throws IOException {
    if (args.size() != 1 || isHelp(args.get(0))) {
      boolean help = args.size() == 1;
      return report.usage(
          help ? ExitCode.OK : ExitCode.USAGE,
          help,
          List.of(
              "Usage: " + programName + " import [--ensure] [--format jsonl|tsv] FILE",
              " Register every account of FILE (- for standard input): JSON Lines such as",
              " {\"jid\": \"jvb@auth.meet.example.org\", \"password\": \"secret\"}, or jid<TAB>password lines.",
              " Every line is checked before anything is written. --ensure leaves accounts whose",
              " password already matches unchanged."));
    }

    ImportMode mode = options.ensure() ? ImportMode.ENSURE : ImportMode.REGISTER;
    List<ImportEntry> entries;
    try (InputStream input = open(args.get(0))) {
      entries = ImportReader.read(input, options.importFormat());
    } catch (NoSuchFileException e) {
      return report.fail(ExitCode.USAGE, ErrorCode.USAGE, "import file " + args.get(0) + " does not exist");
    } catch (InvalidPathException e) {
      return report.fail(
          ExitCode.USAGE, ErrorCode.USAGE, "invalid import file name '" + args.get(0) + "': " + e.getReason());
    } catch (ImportException e) {
      return reportProblems(withEntryProblems(e, mode), ExitCode.USAGE);
    }

    Progress progress = new Progress(entries.size());
    // Twice as many threads as cores, so that one thread hashes while another waits for the fsync
    // of its file.
    int threads = Integer.getInteger("prosody.accounts.threads", 2 * Runtime.getRuntime().availableProcessors());
    List<ImportResult> results;
    try {
      results = BulkImport.run(entries, this::hostAccounts, mode, threads, progress::update, progress::print);
    } catch (ImportException e) {
      return reportProblems(e, ExitCode.FAILURE);
    } finally {
      progress.finish();
    }

    Map<ImportOutcome, Integer> counts = new EnumMap<>(ImportOutcome.class);
    for (ImportOutcome outcome : ImportOutcome.values()) {
      counts.put(outcome, 0);
    }
    report.put("items", new ArrayList<>());
    for (ImportResult result : results) {
      Map<String, Object> item = Report.object();
      item.put("line", result.line());
      item.put("jid", result.jid());
      item.put("action", result.outcome().label());
      report.append("items", item);
      counts.merge(result.outcome(), 1, Integer::sum);
    }
    report.println(
        results.size() + " accounts: " + counts.get(ImportOutcome.CREATED) + " created, "
            + counts.get(ImportOutcome.UPDATED) + " updated, " + counts.get(ImportOutcome.UNCHANGED) + " unchanged");
    for (ImportOutcome outcome : ImportOutcome.values()) {
      report.put(outcome.label(), counts.get(outcome));
    }
    return ExitCode.OK;
  }

  /** {@code export HOST}: writes every account of a host as JSON Lines on standard output. */
  int exportAccounts(List<String> args, CliOptions options) throws IOException {
    if (args.size() != 1 || isHelp(args.get(0))) {
      boolean help = args.size() == 1;
      return report.usage(
          help ? ExitCode.OK : ExitCode.USAGE,
          help,
          List.of(
              "Usage: " + programName + " export [--with-secrets] HOST",
              " Write every account of HOST as JSON Lines: jid, kind, iteration_count, created,",
              " updated and disabled. --with-secrets adds password, salt, stored_key and server_key,",
              " which import reads back."));
    }
    String host;
    try {
      host = Jid.prepareHost(args.get(0));
    } catch (InvalidJidException e) {
      return report.fail(ExitCode.USAGE, ErrorCode.INVALID_JID, "invalid host name '" + args.get(0) + "'");
    }
    HostResolver.ResolvedHost resolved = resolver.resolve(host);
    if (resolved.rejection().isPresent()) {
      return report.fail(ExitCode.CONFIGURATION, ErrorCode.HOST_REJECTED, resolved.rejection().get().explanation());
    }
    HostAccounts accounts;
    try {
      accounts = opener.open().host(host, resolved.settings());
    } catch (InvalidJidException e) {
      throw new AssertionError("host was prepped before: " + host, e);
    }
    if (!Files.isDirectory(accounts.folder())) {
      report.put("host", host).put("accounts", List.of());
      report.warn("note: host " + host + " has no folder in the data directory (" + accounts.folder()
          + "), so it has no accounts: check its spelling");
      return ExitCode.OK;
    }

    AtomicLong corrupt = new AtomicLong();
    AccountExport.SkippedFiles skipped =
        (file, problem) -> {
          if (problem == null) {
            report.warn("warning: skipped " + file + " because Prosody can never load it: its name is"
                + " not the lowercase encoding of a nodeprepped user name");
          } else {
            corrupt.incrementAndGet();
            report.warn("warning: skipped a record that is not valid Prosody data: " + problem.getMessage());
          }
        };
    JsonGenerator json = report.streamResult();
    if (json != null) {
      // The accounts go straight into the document, so memory use does not grow with their number.
      json.writeStringField("host", host);
      json.writeArrayFieldStart("accounts");
      AccountExport.write(accounts, json, options.withSecrets(), skipped);
      json.writeEndArray();
    } else {
      OutputStream buffered = new BufferedOutputStream(report.standardOutput(), 1 << 16);
      accounts.exportAccounts(buffered, options.withSecrets(), skipped);
      buffered.flush();
    }
    if (corrupt.get() > 0) {
      return report.fail(
          ExitCode.CORRUPT_FILE,
          ErrorCode.CORRUPT_FILE,
          corrupt.get() + " records were not exported because they are not valid Prosody data");
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

  /**
   * Adds the problems of the lines that could be parsed to those of the lines that could not, so
   * that one run reports every problem of the input.
   */
  private ImportException withEntryProblems(ImportException readFailure, ImportMode mode) {
    try {
      return BulkImport.withEntryProblems(readFailure, this::hostAccounts, mode);
    } catch (IOException e) {
      report.warn("note: only the lines that cannot be parsed were checked, because the data directory cannot be"
          + " read: " + e.getMessage());
      return readFailure;
    }
  }

  /** Reports the problems of an import that wrote nothing, and returns {@code exitCode}. */
  private int reportProblems(ImportException e, int exitCode) {
    report.put("problems", new ArrayList<>());
    for (ImportProblem problem : e.problems()) {
      report.printErr(programName + ": line " + problem.line() + ": " + problem.message());
      Map<String, Object> item = Report.object();
      item.put("line", problem.line());
      item.put("message", problem.message());
      report.append("problems", item);
    }
    report.printErr(programName + ": nothing was imported: fix the lines above and run the import again");
    int count = e.problems().size();
    return report.failed(
        exitCode,
        ErrorCode.IMPORT_INVALID,
        "nothing was imported because of " + count + (count == 1 ? " problem" : " problems")
            + " (see result.problems): fix the lines and run the import again");
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
    // Without a configuration that lists the hosts, a misspelled host would silently get a new
    // folder, so its absence is noted, as register does. BulkImport looks each host up once.
    if (resolved.declared().isEmpty() && !Files.isDirectory(accounts.folder())) {
      report.warn("note: " + accounts.folder() + " does not exist yet, so host " + host
          + " is new in this data directory: check its spelling");
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

  /**
   * A progress line on standard error, redrawn at most every 100 ms, and the lines of the entries
   * written, printed as soon as each is done.
   */
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
      int width = PROGRESS_WIDTH;
      int filled = total == 0 ? width : (int) ((long) done * width / total);
      PrintStream err = report.standardError();
      err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total);
      err.flush();
    }

    /**
     * Prints the line of an entry written, flushed, in text mode, so that an import that is killed
     * shows what it wrote. The progress line is cleared first and redrawn at the next update.
     */
    synchronized void print(ImportResult result) {
      if (report.json()) {
        return;
      }
      if (drawn) {
        PrintStream err = report.standardError();
        err.print("\r" + " ".repeat(PROGRESS_WIDTH + 12 + 2 * Integer.toString(total).length()) + "\r");
        err.flush();
        drawn = false;
        lastDrawn = 0;
      }
      PrintStream out = report.standardOutput();
      out.println(result.outcome().label() + " " + result.jid() + " (line " + result.line() + ")");
      out.flush();
    }

    synchronized void finish() {
      if (drawn) {
        report.standardError().println();
      }
    }
  }
}
