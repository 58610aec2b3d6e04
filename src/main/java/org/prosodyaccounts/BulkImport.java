package org.prosodyaccounts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import org.prosodyaccounts.auth.AccountRecords;
import org.prosodyaccounts.auth.AuthProvider;
import org.prosodyaccounts.auth.Verification;
import org.prosodyaccounts.lua.LuaData;
import org.prosodyaccounts.lua.LuaString;
import org.prosodyaccounts.lua.LuaTable;
import org.prosodyaccounts.prep.InvalidJidException;
import org.prosodyaccounts.prep.Jid;
import org.prosodyaccounts.prep.PrepException;
import org.prosodyaccounts.prep.Stringprep;
import org.prosodyaccounts.store.CorruptFileException;
import org.prosodyaccounts.store.FolderSyncs;

/**
 * Imports many accounts, possibly on several hosts, in two phases.
 *
 * <ol>
 *   <li>Every entry is checked before anything is written: the JID (strict nodeprep, as
 *       {@code register}), the host (through the {@link HostLookup}), the password (SASLprep) or
 *       hashed keys (an {@code internal_hashed} host, hex keys of the host's hash length, an
 *       iteration count from 1 to {@link AccountRecords#MAX_VERIFIED_ITERATIONS}), and duplicate
 *       JIDs. With {@link ImportMode#ENSURE}, the existing records are read too, so that a corrupt
 *       one is reported here. Any problem throws {@link ImportException} and no file is written.
 *       {@link #withEntryProblems} runs these checks on the lines of an input that
 *       {@link ImportReader} could read, when some lines could not.
 *   <li>The accounts are written on {@code threads} threads, because PBKDF2 takes nearly all the
 *       time (about 3 ms per account at 10000 iterations). Each file is written atomically by the
 *       store and fsynced before its rename, as {@link HostAccounts#register} writes it, but each
 *       accounts folder is fsynced once after the last write instead of after every rename
 *       (see {@link FolderSyncs}). The import returns only after those fsyncs.
 * </ol>
 */
public final class BulkImport {

  /** Returns the accounts of a host, or rejects the host. */
  @FunctionalInterface
  public interface HostLookup {
    /**
     * Returns the accounts of a host.
     *
     * @param host the nameprepped host name
     * @throws HostRejectedException if accounts must not be written on this host
     */
    HostAccounts host(String host) throws HostRejectedException, IOException;
  }

  /**
   * Explains a password that ends in a carriage return. {@link ImportReader} removes the one
   * before a line feed, so here it is in the password itself, such as a JSON {@code \r}.
   */
  private static final String CARRIAGE_RETURN_HINT =
      "The password ends in a carriage return, which a Windows line ending (CRLF) leaves behind: remove it";

  private BulkImport() {}

  /**
   * Checks and imports {@code entries}.
   *
   * @param threads the number of threads that hash and write, at least 1; the number of cores is
   *     the usual choice
   * @param progress called with the number of entries done so far, from the writing threads; it
   *     must be thread-safe
   * @return one result per entry, in input order
   * @throws ImportException if an entry is invalid; nothing was written
   * @throws IOException if a file cannot be read or written. Entries already written stay written,
   *     and the message gives their number.
   */
  public static List<ImportResult> run(
      List<ImportEntry> entries, HostLookup hosts, ImportMode mode, int threads, IntConsumer progress)
      throws ImportException, IOException {
    return run(entries, hosts, mode, threads, progress, result -> {});
  }

  /**
   * Checks and imports {@code entries} as {@link #run(List, HostLookup, ImportMode, int,
   * IntConsumer)} does, and passes each result to {@code listener} as soon as its entry is written,
   * so that a caller can show what an interrupted import did.
   *
   * @param listener called from the writing threads in the order the entries finish, which is not
   *     input order; it must be thread-safe
   */
  public static List<ImportResult> run(
      List<ImportEntry> entries,
      HostLookup hosts,
      ImportMode mode,
      int threads,
      IntConsumer progress,
      Consumer<ImportResult> listener)
      throws ImportException, IOException {
    Objects.requireNonNull(entries, "entries");
    Objects.requireNonNull(hosts, "hosts");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(listener, "listener");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    ImportReader.Problems problems = new ImportReader.Problems();
    List<Planned> plan = check(entries, hosts, mode, problems);
    problems.throwIfAny();
    return write(plan, mode, threads, progress, listener);
  }

  /**
   * Runs the checks of {@link #run} on the entries that {@link ImportReader#read} could read, and
   * adds their problems to those of the lines it could not read, so that one run reports every
   * problem of the input. Nothing is written.
   *
   * @param readFailure what {@link ImportReader#read} threw
   * @return an exception with the problems of both, in line order
   * @throws IOException if a host's records cannot be read
   */
  public static ImportException withEntryProblems(ImportException readFailure, HostLookup hosts, ImportMode mode)
      throws IOException {
    Objects.requireNonNull(readFailure, "readFailure");
    Objects.requireNonNull(hosts, "hosts");
    Objects.requireNonNull(mode, "mode");
    ImportReader.Problems entryProblems = new ImportReader.Problems();
    check(readFailure.readEntries(), hosts, mode, entryProblems);
    ImportReader.Problems readProblems = new ImportReader.Problems();
    for (ImportProblem problem : readFailure.listedProblems()) {
      readProblems.add(problem.line(), problem.message());
    }
    ImportReader.Problems merged = ImportReader.Problems.merge(readProblems, entryProblems);
    merged.addOmitted(readFailure.omittedProblems());
    return merged.toException(List.of());
  }

  /** One checked entry: its prepped user name and the host it goes to. */
  private record Planned(ImportEntry entry, HostAccounts accounts, String node) {
    String jid() {
      return accounts.jid(node);
    }
  }

  /** Checks {@code entries}, adds their problems to {@code problems} and returns the valid ones. */
  private static List<Planned> check(
      List<ImportEntry> entries, HostLookup hosts, ImportMode mode, ImportReader.Problems problems)
      throws IOException {
    Map<String, Optional<HostAccounts>> hostCache = new HashMap<>();
    Map<String, String> hostRejections = new HashMap<>();
    Map<String, Long> firstLines = new HashMap<>();
    List<Planned> plan = new ArrayList<>(entries.size());

    for (ImportEntry entry : entries) {
      long line = entry.line();
      String node;
      String host;
      try {
        Jid jid = Jid.parse(entry.jid());
        if (jid.node() == null || jid.resource() != null) {
          problems.add(line, "'" + entry.jid() + "' is not a bare JID user@host");
          continue;
        }
        node = Jid.prepareNode(jid.node(), true);
        host = Jid.prepareHost(jid.host());
      } catch (InvalidJidException e) {
        problems.add(line, e.getMessage());
        continue;
      }

      if (!hostCache.containsKey(host)) {
        try {
          hostCache.put(host, Optional.of(hosts.host(host)));
        } catch (HostRejectedException e) {
          hostCache.put(host, Optional.empty());
          hostRejections.put(host, e.getMessage());
        }
      }
      Optional<HostAccounts> accounts = hostCache.get(host);
      if (accounts.isEmpty()) {
        problems.add(line, "host " + host + ": " + hostRejections.get(host));
        continue;
      }

      Optional<String> invalid = checkCredential(entry, accounts.get());
      if (invalid.isPresent()) {
        problems.add(line, invalid.get());
        continue;
      }
      String jid = accounts.get().jid(node);
      Long earlier = firstLines.putIfAbsent(jid, line);
      if (earlier != null) {
        problems.add(line, jid + " is also on line " + earlier + ": give each account once");
        continue;
      }
      if (mode == ImportMode.ENSURE) {
        try {
          accounts.get().record(node);
        } catch (CorruptFileException e) {
          problems.add(line, "the existing record of " + jid + " is not valid Prosody data: " + e.getMessage());
          continue;
        } catch (InvalidJidException e) {
          throw new AssertionError("the node was prepped before: " + node, e);
        }
      }
      plan.add(new Planned(entry, accounts.get(), node));
    }
    return plan;
  }

  private static Optional<String> checkCredential(ImportEntry entry, HostAccounts accounts) {
    if (entry.password() != null) {
      try {
        Stringprep.saslprep(entry.password());
      } catch (PrepException e) {
        return Optional.of(PasswordInput.saslprepFailure(entry.password(), e, Optional.of(CARRIAGE_RETURN_HINT)));
      }
      return Optional.empty();
    }
    ImportEntry.HashedKeys keys = entry.keys();
    if (accounts.settings().provider() != AuthProvider.INTERNAL_HASHED) {
      return Optional.of("hashed keys cannot log in on host " + accounts.name() + ", whose provider is "
          + accounts.settings().provider().configName() + ": give the password instead");
    }
    if (keys.salt().isEmpty()) {
      return Optional.of("the salt is empty, and Prosody refuses a record with an empty salt");
    }
    if (keys.iterationCount() < 1 || keys.iterationCount() > AccountRecords.MAX_VERIFIED_ITERATIONS) {
      return Optional.of("iteration_count " + keys.iterationCount() + " is not from 1 to "
          + AccountRecords.MAX_VERIFIED_ITERATIONS);
    }
    int hexLength = accounts.settings().hash().hexLength();
    if (!isLowerHex(keys.storedKey(), hexLength) || !isLowerHex(keys.serverKey(), hexLength)) {
      return Optional.of("stored_key and server_key must be " + hexLength + " lowercase hex digits, as "
          + accounts.settings().hash().configName() + " on host " + accounts.name() + " needs");
    }
    return Optional.empty();
  }

  private static boolean isLowerHex(String text, int length) {
    if (text.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static List<ImportResult> write(
      List<Planned> plan, ImportMode mode, int threads, IntConsumer progress, Consumer<ImportResult> listener)
      throws IOException {
    return writeInParallel(
        plan.size(),
        threads,
        (index, syncs) -> {
          Planned planned = plan.get(index);
          ImportResult result = new ImportResult(planned.entry().line(), planned.jid(), writeOne(planned, mode, syncs));
          listener.accept(result);
          return result;
        },
        index -> "importing line " + plan.get(index).entry().line() + " (" + plan.get(index).jid() + ")",
        progress,
        (index, result) -> {});
  }

  /** Writes the item {@code index} of a batch; called on a pool thread. */
  @FunctionalInterface
  interface ItemWriter<R> {
    R write(int index, FolderSyncs syncs) throws IOException;
  }

  /** Receives the result of the item {@code index}, on the calling thread, in item order. */
  @FunctionalInterface
  interface ResultListener<R> {
    void done(int index, R result);
  }

  /**
   * Runs {@code writer} for the items 0 to {@code count - 1} on {@code threads} threads, because
   * PBKDF2 takes nearly all the time of a write. Each folder that a write renamed into is fsynced
   * once, after the last write, and this method returns only after those fsyncs. After the first
   * failure, items not yet started are skipped, and the folders of the items written are fsynced.
   *
   * @param describe names the item {@code index} in the message of an unexpected failure
   * @param progress called with the number of items done so far, from the writing threads
   * @param listener called with each result as soon as it and every earlier item are done, on
   *     the calling thread, in item order
   * @return the results in item order
   * @throws IOException the first failure, with the number of items written before it
   */
  static <R> List<R> writeInParallel(
      int count,
      int threads,
      ItemWriter<R> writer,
      IntFunction<String> describe,
      IntConsumer progress,
      ResultListener<R> listener)
      throws IOException {
    List<R> results = new ArrayList<>(Collections.nCopies(count, null));
    FolderSyncs syncs = new FolderSyncs();
    AtomicInteger done = new AtomicInteger();
    AtomicBoolean failed = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, count)), daemonThreads());
    try {
      List<Future<R>> futures = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(
            pool.submit(
                () -> {
                  if (failed.get()) {
                    return null;
                  }
                  R result;
                  try {
                    result = writer.write(index, syncs);
                  } catch (IOException e) {
                    failed.set(true);
                    throw new UncheckedIOException(e);
                  }
                  progress.accept(done.incrementAndGet());
                  return result;
                }));
      }
      IOException firstFailure = null;
      for (int i = 0; i < futures.size(); i++) {
        try {
          R result = futures.get(i).get();
          if (result != null) {
            results.set(i, result);
            listener.done(i, result);
          }
        } catch (ExecutionException e) {
          if (firstFailure == null) {
            firstFailure = asIoException(describe.apply(i), e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("the writes were interrupted after " + done.get() + " of " + count + " accounts", e);
        }
      }
      // The accounts written so far are made durable even when a later one failed.
      try {
        syncs.syncAll();
      } catch (IOException e) {
        if (firstFailure == null) {
          throw e;
        }
        firstFailure.addSuppressed(e);
      }
      if (firstFailure != null) {
        throw new IOException(firstFailure.getMessage() + " (" + done.get() + " of " + count
            + " accounts were written before it)", firstFailure);
      }
    } finally {
      pool.shutdownNow();
    }
    return Collections.unmodifiableList(results);
  }

  private static IOException asIoException(String item, Throwable cause) {
    if (cause instanceof UncheckedIOException unchecked) {
      return unchecked.getCause();
    }
    return new IOException(item + " failed: " + cause, cause);
  }

  private static ImportOutcome writeOne(Planned planned, ImportMode mode, FolderSyncs syncs) throws IOException {
    HostAccounts accounts = planned.accounts();
    ImportEntry entry = planned.entry();
    try {
      boolean existed;
      if (mode == ImportMode.ENSURE) {
        Optional<LuaTable> existing = accounts.record(planned.node());
        if (existing.isPresent() && sameCredential(accounts, existing.get(), entry)) {
          return ImportOutcome.UNCHANGED;
        }
        existed = existing.isPresent();
      } else {
        existed = accounts.hasFile(planned.node());
      }
      if (entry.password() != null) {
        accounts.register(planned.node(), entry.password(), syncs);
      } else {
        accounts.registerHashed(planned.node(), entry.keys(), syncs);
      }
      return existed ? ImportOutcome.UPDATED : ImportOutcome.CREATED;
    } catch (InvalidJidException | InvalidPasswordException e) {
      throw new AssertionError("the entry was checked before: line " + entry.line(), e);
    }
  }

  private static boolean sameCredential(HostAccounts accounts, LuaTable record, ImportEntry entry) {
    if (entry.password() != null) {
      LuaTable enabled = LuaTable.copyOf(record);
      enabled.remove(AccountRecords.DISABLED);
      return AccountRecords.verify(enabled, entry.password(), accounts.settings())
          == Verification.MATCH;
    }
    ImportEntry.HashedKeys keys = entry.keys();
    return !record.containsKey(AccountRecords.PASSWORD)
        && record.get(AccountRecords.SALT).equals(Optional.of(LuaString.of(keys.salt())))
        && record.get(AccountRecords.ITERATION_COUNT).map(LuaData::toString).equals(Optional.of(Long.toString(keys.iterationCount())))
        && record.get(AccountRecords.STORED_KEY).equals(Optional.of(LuaString.of(keys.storedKey())))
        && record.get(AccountRecords.SERVER_KEY).equals(Optional.of(LuaString.of(keys.serverKey())));
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "prosody-accounts-import-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
