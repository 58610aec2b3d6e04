package org.prosodyaccounts;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.prosodyaccounts.auth.AuthSettings;
import org.prosodyaccounts.lua.LuaTable;
import org.prosodyaccounts.prep.InvalidJidException;
import org.prosodyaccounts.prep.Jid;
import org.prosodyaccounts.store.FileStore;
import org.prosodyaccounts.store.Ownership;
import org.prosodyaccounts.store.StoredName;

/**
 * The account store of one Prosody data directory, the entry point of the library.
 *
 * <pre>{@code
 * ProsodyAccounts accounts = ProsodyAccounts.open(Path.of("/var/lib/prosody"));
 * HostAccounts auth = accounts.host("auth.meet.example.org", AuthSettings.defaults());
 * auth.register("jvb", secret);
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe. Nothing is cached: every call reads the files, as
 * Prosody does at every login, so the store may be shared with a running Prosody. Writes are
 * atomic and give new files the data directory's owner when the process runs as root.
 */
public final class ProsodyAccounts {

  /** Debian's and Prosody's default {@code data_path}. */
  public static final Path DEFAULT_DATA_PATH = Path.of("/var/lib/prosody");

  private final FileStore store;
  private final Clock clock;
  private final SecureRandom random;

  private ProsodyAccounts(FileStore store, Clock clock, SecureRandom random) {
    this.store = store;
    this.clock = clock;
    this.random = random;
  }

  /**
   * Opens the data directory at {@code dataPath}.
   *
   * @throws org.prosodyaccounts.store.DataDirectoryException if it does not exist, is not a
   *     directory or is not readable; the message names the path and the fix
   */
  public static ProsodyAccounts open(Path dataPath) throws IOException {
    return new ProsodyAccounts(FileStore.open(dataPath), Clock.systemUTC(), new SecureRandom());
  }

  /**
   * Opens the data directory at {@code dataPath} so that, when this process runs as root, new
   * folders and files belong to {@code user} and {@code group}, as they would under prosodyctl,
   * which switches to Prosody's {@code prosody_user} and {@code prosody_group}.
   *
   * @throws org.prosodyaccounts.store.DataDirectoryException if the directory is not usable, or
   *     the user or group does not exist
   */
  public static ProsodyAccounts open(Path dataPath, String user, String group) throws IOException {
    FileStore store = FileStore.open(dataPath, Ownership.forUser(dataPath, user, group));
    return new ProsodyAccounts(store, Clock.systemUTC(), new SecureRandom());
  }

  /** Returns a copy that reads the time for {@code created} and {@code updated} from {@code clock}. */
  public ProsodyAccounts withClock(Clock clock) {
    return new ProsodyAccounts(store, Objects.requireNonNull(clock, "clock"), random);
  }

  /**
   * Returns a copy for a dry run: every method works as on this one, reporting what it would
   * create, change or delete, but nothing is written to disk. Writes are kept in memory and seen
   * by the copy's later reads, so a sequence of calls reports what the same sequence would do;
   * each write is checked as far as it can be without writing (see {@link FileStore#dryRun()}).
   * Hosts taken from the copy share its writes.
   */
  public ProsodyAccounts dryRun() {
    return new ProsodyAccounts(store.dryRun(), clock, random);
  }

  /** Returns true for a copy made by {@link #dryRun()}. */
  public boolean isDryRun() {
    return store.isDryRun();
  }

  /** Returns the absolute data directory. */
  public Path dataPath() {
    return store.dataPath();
  }

  /**
   * Returns the accounts of one host.
   *
   * @param host the host name as typed; it is nameprepped and a trailing dot is removed, as
   *     Prosody does
   * @param settings how the host authenticates, which decides the record format; Prosody's
   *     configuration sets these as {@code authentication}, {@code password_hash} and
   *     {@code default_iteration_count}
   * @throws InvalidJidException if the host name is empty or fails nameprep
   */
  public HostAccounts host(String host, AuthSettings settings) throws InvalidJidException {
    Objects.requireNonNull(settings, "settings");
    return new HostAccounts(store, Jid.prepareHost(host), settings, clock, random, false);
  }

  /**
   * Subscribes {@code userJid} to {@code contactJid}'s presence, as Jitsi's
   * {@code prosodyctl mod_roster_command subscribe USER CONTACT} does. Jitsi runs it as
   * {@code subscribe focus.<domain> focus@auth.<domain>}, which gives focus's roster the entry
   * {@code ["focus.<domain>"] = {subscription = "from", groups = {}}}. Running it again changes
   * nothing. A running Prosody caches rosters, so it reads the change after a restart, or after the
   * roster is reloaded (Jitsi reloads {@code client_proxy}).
   *
   * @return the rosters changed, as bare JIDs; empty when the subscription existed already
   * @throws NoSuchAccountException if the contact, or a user with a user part, has no account;
   *     Prosody would write nothing then
   */
  public List<String> subscribe(String userJid, String contactJid)
      throws InvalidJidException, NoSuchAccountException, IOException {
    return new Rosters(store).subscribe(Jid.parsePrepped(userJid), Jid.parsePrepped(contactJid));
  }

  /**
   * Makes the data directory match {@code manifest}: ensures its accounts (as
   * {@link HostAccounts#ensure}: created, updated or unchanged, no new salt when the password
   * matches) on every core, sets their roles, writes the roster subscriptions, then deletes the
   * accounts that a host with {@code prune} does not list. Nothing is written until every host has
   * been looked up, every existing record read and every roster's accounts found. Running it again
   * with the same manifest changes no byte.
   *
   * @param hosts how each host authenticates; it may reject a host
   * @throws ManifestException with every host that {@code hosts} rejects (problems of kind {@link
   *     ManifestProblem.Kind#HOST}) and every roster subscription that needs an account that
   *     neither the manifest nor the data directory has, or that prune would delete; nothing was
   *     written
   * @throws IllegalArgumentException for the valid items of a rejected manifest, {@link
   *     ManifestException#validItems()}
   * @throws org.prosodyaccounts.store.CorruptFileException if an account's record is not valid
   *     Prosody data; nothing was written
   * @throws IOException if a file cannot be read or written. Each file is written atomically, so an
   *     interrupted apply leaves every file old or new, and a second apply finishes the job.
   */
  public ApplyReport apply(Manifest manifest, HostSettingsLookup hosts) throws ManifestException, IOException {
    return apply(manifest, hosts, item -> {});
  }

  /**
   * Applies {@code manifest} as {@link #apply(Manifest, HostSettingsLookup)} does, and passes each
   * item to {@code listener} as soon as it is done, in the order of the report, on the calling
   * thread. A caller can so show the progress of a long apply, and what was done before it failed.
   */
  public ApplyReport apply(Manifest manifest, HostSettingsLookup hosts, Consumer<ApplyReport.Item> listener)
      throws ManifestException, IOException {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(hosts, "hosts");
    Objects.requireNonNull(listener, "listener");
    return ManifestApply.run(this, manifest, hosts, listener);
  }

  /**
   * Runs the checks of {@link #apply} that need the data directory and the host lookup, without
   * writing: the hosts that {@code hosts} rejects, records that are not valid Prosody data, and
   * roster subscriptions whose account is missing. For {@link ManifestException#validItems()},
   * roster accounts are checked only when no item had the wrong form, because such an item may be
   * the missing account.
   *
   * @return the problems in manifest order, or an empty list when the apply can go ahead
   * @throws org.prosodyaccounts.store.CorruptFileException if an account's record is not valid
   *     Prosody data
   */
  public List<ManifestProblem> check(Manifest manifest, HostSettingsLookup hosts) throws IOException {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(hosts, "hosts");
    return ManifestApply.problems(this, manifest, hosts);
  }

  /** Returns an account's roster record, or empty when it has none. */
  public Optional<LuaTable> roster(String jid) throws InvalidJidException, IOException {
    Jid account = Jid.parsePrepped(jid);
    if (account.node() == null) {
      throw new IllegalArgumentException("a roster belongs to an account: give user@host, not " + jid);
    }
    return new Rosters(store).roster(account);
  }

  /**
   * Lists the hosts that have a folder in the data directory, decoded. A host is listed even if
   * it is not in Prosody's configuration.
   */
  public List<String> hosts() throws IOException {
    List<String> hosts = new ArrayList<>();
    for (StoredName name : store.hosts()) {
      hosts.add(name.name());
    }
    return hosts;
  }
}
