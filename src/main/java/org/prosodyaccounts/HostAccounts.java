package org.prosodyaccounts;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.prosodyaccounts.auth.AccountRecords;
import org.prosodyaccounts.auth.AuthSettings;
import org.prosodyaccounts.auth.Verification;
import org.prosodyaccounts.lua.LuaString;
import org.prosodyaccounts.lua.LuaTable;
import org.prosodyaccounts.prep.InvalidJidException;
import org.prosodyaccounts.prep.Jid;
import org.prosodyaccounts.prep.PrepException;
import org.prosodyaccounts.store.CorruptFileException;
import org.prosodyaccounts.store.FileStore;
import org.prosodyaccounts.store.FolderSyncs;
import org.prosodyaccounts.store.NameEncoding;
import org.prosodyaccounts.store.StoredName;

/**
 * The accounts of one host in a data directory: Prosody's {@code accounts} store, read and
 * written as {@code mod_auth_internal_plain} or {@code mod_auth_internal_hashed} does.
 *
 * <p>User names are nodeprepped before use, as Prosody does at login. Names that create an
 * account use strict nodeprep, as prosodyctl does, so code points unassigned in Unicode 3.2
 * (emoji, for example) are rejected there. Look-ups use the non-strict form. Passwords are
 * SASLprepped.
 *
 * <p>Immutable and thread-safe. Two processes that change the same account at once race: the
 * last write wins, and the file is always whole.
 */
public final class HostAccounts {

  /** The store of account records. */
  public static final String ACCOUNTS_STORE = "accounts";

  /**
   * Largest account file read, in bytes: 64 KiB. A record that Prosody 0.12 or 13 writes is
   * under 400 bytes. The parsed table and the decoded password take several times the file's
   * size, so the limit keeps a planted file of many megabytes from exhausting a small heap.
   */
  public static final int MAX_RECORD_BYTES = 64 * 1024;

  private final FileStore store;
  private final String host;
  private final AuthSettings settings;
  private final Clock clock;
  private final SecureRandom random;
  private final boolean timestamps;

  HostAccounts(
      FileStore store, String host, AuthSettings settings, Clock clock, SecureRandom random, boolean timestamps) {
    this.store = store;
    this.host = host;
    this.settings = settings;
    this.clock = clock;
    this.random = random;
    this.timestamps = timestamps;
  }

  /** Returns the nameprepped host name. */
  public String name() {
    return host;
  }

  /** Returns the provider, hash and iteration count that records are written and verified with. */
  public AuthSettings settings() {
    return settings;
  }

  /**
   * Returns a copy that writes Prosody 13's {@code created} and {@code updated} fields (integer
   * Unix seconds) into new records. Prosody 0.12 ignores these fields.
   */
  public HostAccounts withTimestamps(boolean enabled) {
    return new HostAccounts(store, host, settings, clock, random, enabled);
  }

  /**
   * Creates the account or replaces its whole record, as {@code prosodyctl register} does: no
   * check for an existing account, and fields of an old record are not kept.
   */
  public void register(String user, String password)
      throws InvalidJidException, InvalidPasswordException, IOException {
    register(user, password, null);
  }

  /**
   * Registers as {@link #register(String, String)} does, leaving the fsync of the accounts folder
   * to {@code syncs} when it is not null.
   */
  void register(String user, String password, FolderSyncs syncs)
      throws InvalidJidException, InvalidPasswordException, IOException {
    String node = Jid.prepareNode(user, true);
    store.save(host, ACCOUNTS_STORE, node, newRecord(password), syncs);
  }

  /**
   * Creates the account, as {@code prosodyctl adduser} does.
   *
   * @throws AccountExistsException if the account exists; nothing is written then
   */
  public void create(String user, String password)
      throws InvalidJidException, InvalidPasswordException, AccountExistsException, IOException {
    String node = Jid.prepareNode(user, true);
    if (loadRecord(node).isPresent()) {
      throw new AccountExistsException(jid(node));
    }
    store.save(host, ACCOUNTS_STORE, node, newRecord(password));
  }

  /** The outcome of {@link #ensure}. */
  public enum EnsureResult {
    /** The account did not exist and was created. */
    CREATED,
    /** The account existed with another password, or a record that cannot log in, and was changed. */
    UPDATED,
    /** The account existed with this password; its file was not touched. */
    UNCHANGED
  }

  /**
   * Makes the account exist with this password, touching only the {@code accounts} store: creates
   * it when missing, leaves the file byte for byte alone when the password already matches (no new
   * salt), and otherwise changes the password in place as {@link #setPassword} does. A disabled
   * account stays disabled.
   */
  public EnsureResult ensure(String user, String password)
      throws InvalidJidException, InvalidPasswordException, IOException {
    return ensure(user, password, null);
  }

  /**
   * Ensures as {@link #ensure(String, String)} does, leaving the fsync of the accounts folder to
   * {@code syncs} when it is not null.
   */
  EnsureResult ensure(String user, String password, FolderSyncs syncs)
      throws InvalidJidException, InvalidPasswordException, IOException {
    String node = Jid.prepareNode(user, true);
    Optional<LuaTable> record = loadRecord(node);
    if (record.isEmpty()) {
      store.save(host, ACCOUNTS_STORE, node, newRecord(password), syncs);
      return EnsureResult.CREATED;
    }
    LuaTable enabled = LuaTable.copyOf(record.get());
    enabled.remove(AccountRecords.DISABLED);
    if (AccountRecords.verify(enabled, password, settings) == Verification.MATCH) {
      return EnsureResult.UNCHANGED;
    }
    LuaTable changed;
    try {
      changed = AccountRecords.withPassword(record.get(), password, settings, timestamps, now(), random);
    } catch (PrepException e) {
      throw passwordFailsSaslprep(e);
    }
    store.save(host, ACCOUNTS_STORE, node, changed, syncs);
    return EnsureResult.UPDATED;
  }

  /**
   * Disables the account as Prosody 13's {@code user:disable} does: {@code disabled = true} and
   * {@code updated} set to now. Prosody 0.12 ignores the flag.
   *
   * @return false when the account was disabled already
   */
  public boolean disable(String user) throws InvalidJidException, NoSuchAccountException, IOException {
    String node = Jid.prepareNode(user, false);
    LuaTable record = loadRecord(node).orElseThrow(() -> new NoSuchAccountException(jid(node)));
    if (AccountRecords.isDisabled(record)) {
      return false;
    }
    LuaTable changed = LuaTable.copyOf(record).put(AccountRecords.DISABLED, true).put(AccountRecords.UPDATED, now());
    store.save(host, ACCOUNTS_STORE, node, changed);
    return true;
  }

  /**
   * Enables the account as Prosody 13's {@code user:enable} does: removes {@code disabled} and
   * {@code disabled_meta} and sets {@code updated} to now.
   *
   * @return false when the account was not disabled
   */
  public boolean enable(String user) throws InvalidJidException, NoSuchAccountException, IOException {
    String node = Jid.prepareNode(user, false);
    LuaTable record = loadRecord(node).orElseThrow(() -> new NoSuchAccountException(jid(node)));
    if (!record.containsKey(AccountRecords.DISABLED) && !record.containsKey(AccountRecords.DISABLED_META)) {
      return false;
    }
    LuaTable changed = LuaTable.copyOf(record);
    changed.remove(AccountRecords.DISABLED);
    changed.remove(AccountRecords.DISABLED_META);
    changed.put(AccountRecords.UPDATED, now());
    store.save(host, ACCOUNTS_STORE, node, changed);
    return true;
  }

  /** The role Prosody 13 gives an account with no stored role on a host with accounts. */
  public static final String DEFAULT_ROLE = "prosody:registered";

  /** The store of Prosody 13's account roles ({@code mod_authz_internal}). */
  public static final String ROLES_STORE = "account_roles";

  /**
   * Returns the account's primary role as Prosody 13 stores it in {@code account_roles}
   * ({@code _default}), or {@link #DEFAULT_ROLE} when none is stored. The configuration's
   * {@code admins} option, which overrides stored roles, is not considered.
   */
  public String role(String user) throws InvalidJidException, IOException {
    String node = Jid.prepareNode(user, false);
    return store.load(host, ROLES_STORE, node)
        .flatMap(roles -> roles.getString(PRIMARY_ROLE_KEY))
        .map(Object::toString)
        .orElse(DEFAULT_ROLE);
  }

  /**
   * Sets the account's primary role as Prosody 13's {@code user:set_role} does: the default role
   * is not stored, so setting it removes {@code _default}, and an empty record deletes the file.
   * Secondary roles ({@code ["role"] = true}) are kept.
   *
   * @return false when the role was already set
   * @throws NoSuchAccountException if the account does not exist
   */
  public boolean setRole(String user, String role) throws InvalidJidException, NoSuchAccountException, IOException {
    if (role.isBlank() || role.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("invalid role \"" + role + "\": give a name such as prosody:member");
    }
    String node = Jid.prepareNode(user, false);
    if (loadRecord(node).isEmpty()) {
      throw new NoSuchAccountException(jid(node));
    }
    if (role(node).equals(role)) {
      return false;
    }
    LuaTable roles = store.load(host, ROLES_STORE, node).orElseGet(LuaTable::new);
    roles.put(PRIMARY_ROLE_KEY, role.equals(DEFAULT_ROLE) ? null : LuaString.of(role));
    store.save(host, ROLES_STORE, node, roles);
    return true;
  }

  private static final String PRIMARY_ROLE_KEY = "_default";

  /**
   * Changes the password of an existing account in place, as Prosody's {@code set_password}
   * does: other fields of the record (Prosody 13's {@code disabled} and {@code created}, or any
   * unknown field) are kept, a hashed record gets a new salt, and a clear-text {@code password}
   * field is removed from a hashed record.
   *
   * @throws NoSuchAccountException if the account does not exist
   */
  public void setPassword(String user, String password)
      throws InvalidJidException, InvalidPasswordException, NoSuchAccountException, IOException {
    String node = Jid.prepareNode(user, false);
    LuaTable record = loadRecord(node).orElseThrow(() -> new NoSuchAccountException(jid(node)));
    LuaTable changed;
    try {
      changed = AccountRecords.withPassword(record, password, settings, timestamps, now(), random);
    } catch (PrepException e) {
      throw passwordFailsSaslprep(e);
    }
    store.save(host, ACCOUNTS_STORE, node, changed);
  }

  /**
   * Writes a hashed record with the given SCRAM fields, replacing any record as {@link #register}
   * does, for an import of records exported from another data directory. The fields must fit
   * the host's settings; {@link BulkImport} checks them.
   */
  void registerHashed(String node, ImportEntry.HashedKeys keys, FolderSyncs syncs) throws IOException {
    LuaTable record = new LuaTable();
    if (timestamps) {
      record.put(AccountRecords.CREATED, now());
    }
    record.put(AccountRecords.ITERATION_COUNT, keys.iterationCount());
    record.put(AccountRecords.SALT, keys.salt());
    record.put(AccountRecords.SERVER_KEY, keys.serverKey());
    record.put(AccountRecords.STORED_KEY, keys.storedKey());
    if (timestamps) {
      record.put(AccountRecords.UPDATED, now());
    }
    store.save(host, ACCOUNTS_STORE, node, record, syncs);
  }

  /**
   * Imports accounts of this host, checking every entry before writing any, on as many threads
   * as there are cores. See {@link BulkImport} for the checks and {@link ImportMode} for what
   * happens to existing accounts.
   *
   * @param entries the accounts; each JID's host must be this host
   * @return one result per entry, in input order
   * @throws ImportException if an entry is invalid or names another host; nothing was written
   */
  public List<ImportResult> importAccounts(List<ImportEntry> entries, ImportMode mode)
      throws ImportException, IOException {
    return BulkImport.run(
        entries,
        other -> {
          if (!other.equals(host)) {
            throw new HostRejectedException("this import writes accounts of " + host + " only");
          }
          return this;
        },
        mode,
        Runtime.getRuntime().availableProcessors(),
        done -> {});
  }

  /** Receives the accounts of a host one by one, from {@link #forEachAccount}. */
  public interface AccountVisitor {
    /** Receives an account's prepped user name and its record. */
    void account(String user, LuaTable record) throws IOException;

    /**
     * Receives a file that is not a readable account: {@code problem} is a
     * {@link CorruptFileException}, or null for a file whose name Prosody can never load.
     */
    void skipped(Path file, CorruptFileException problem) throws IOException;
  }

  /**
   * Reads every account record of the host in the order of the folder's entries, which is not
   * sorted, and passes each to {@code visitor} before reading the next. Memory use does not grow
   * with the number of accounts, because neither names nor records are collected.
   *
   * @return the number of accounts passed to {@link AccountVisitor#account}
   */
  public long forEachAccount(AccountVisitor visitor) throws IOException {
    Path directory = store.storeDirectory(host, ACCOUNTS_STORE);
    long count = 0;
    Optional<FileStore.FolderReader> folder = FileStore.openFolder(directory);
    if (folder.isEmpty()) {
      return count;
    }
    try (FileStore.FolderReader reader = folder.get();
        DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*" + FileStore.DAT)) {
      for (Path entry : entries) {
        String fileName = entry.getFileName().toString();
        String stem = fileName.substring(0, fileName.length() - FileStore.DAT.length());
        String name = new String(NameEncoding.decode(stem), StandardCharsets.UTF_8);
        if (!isLowercaseAlphanumeric(stem) && (!NameEncoding.isCanonical(stem) || !isNodeprepped(name))) {
          visitor.skipped(entry, null);
          continue;
        }
        Optional<LuaTable> record;
        try {
          record = reader.load(fileName);
        } catch (CorruptFileException e) {
          visitor.skipped(entry, e);
          continue;
        }
        if (record.isPresent()) {
          visitor.account(name, record.get());
          count++;
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return count;
    }
    return count;
  }

  /**
   * Writes every account of the host to {@code out} as JSON Lines; see {@link AccountExport}.
   *
   * @param withSecrets true to include {@code password}, {@code salt}, {@code stored_key} and
   *     {@code server_key}
   * @param skipped receives each file that is not a readable account
   * @return the number of accounts written
   */
  public long exportAccounts(OutputStream out, boolean withSecrets, AccountExport.SkippedFiles skipped)
      throws IOException {
    return AccountExport.write(this, out, withSecrets, skipped);
  }

  /**
   * Deletes the account and purges the user from every store of the host (roster, vCard,
   * offline messages and the rest), as {@code prosodyctl deluser} does.
   *
   * @return the files removed
   * @throws NoSuchAccountException if the account does not exist; nothing is removed then
   */
  public List<Path> delete(String user) throws InvalidJidException, NoSuchAccountException, IOException {
    String node = Jid.prepareNode(user, false);
    if (!exists(node)) {
      throw new NoSuchAccountException(jid(node));
    }
    return store.purge(host, node);
  }

  /**
   * Returns true if the account has a record.
   *
   * @throws org.prosodyaccounts.store.CorruptFileException if the record cannot be read, where
   *     Prosody would log an error and treat the account as missing
   */
  public boolean exists(String user) throws InvalidJidException, IOException {
    String node = Jid.prepareNode(user, false);
    return loadRecord(node).isPresent();
  }

  /** Returns true when the account's file exists, without reading it. */
  boolean hasFile(String node) throws IOException {
    return store.fileExists(host, ACCOUNTS_STORE, node);
  }

  /**
   * Checks a password as Prosody's {@code test_password} does, in constant time.
   *
   * @return {@link Verification#DISABLED} for a Prosody 13 record with {@code disabled = true},
   *     whatever the password, and {@link Verification#UNUSABLE} for a record that cannot log in
   *     on this host, such as a hashed record on an {@code internal_plain} host
   * @throws NoSuchAccountException if the account does not exist
   */
  public Verification verify(String user, String password)
      throws InvalidJidException, NoSuchAccountException, IOException {
    String node = Jid.prepareNode(user, false);
    LuaTable record = loadRecord(node).orElseThrow(() -> new NoSuchAccountException(jid(node)));
    return AccountRecords.verify(record, password, settings);
  }

  /**
   * Checks only the password, as {@link #verify} does but ignoring Prosody 13's
   * {@code disabled} flag. Prosody 0.12 ignores that flag, and Prosody 13.0.1 ignores it for SASL
   * logins on {@code internal_plain} hosts, so there a disabled account still logs in.
   *
   * @throws NoSuchAccountException if the account does not exist
   */
  public Verification verifyPassword(String user, String password)
      throws InvalidJidException, NoSuchAccountException, IOException {
    String node = Jid.prepareNode(user, false);
    LuaTable record = loadRecord(node).orElseThrow(() -> new NoSuchAccountException(jid(node)));
    LuaTable enabled = LuaTable.copyOf(record);
    enabled.remove(AccountRecords.DISABLED);
    return AccountRecords.verify(enabled, password, settings);
  }

  /**
   * Returns why the account's record cannot log in on this host (a hashed record on an
   * {@code internal_plain} host, keys of the wrong length for the hash, missing fields), or empty
   * when it can or when there is no record. The reason names fields, never their values.
   */
  public Optional<String> unusableReason(String user) throws InvalidJidException, IOException {
    return record(user).flatMap(record -> AccountRecords.unusableReason(record, settings));
  }

  /** Returns the account's record, or empty when there is none. */
  public Optional<LuaTable> record(String user) throws InvalidJidException, IOException {
    return loadRecord(Jid.prepareNode(user, false));
  }

  /**
   * Lists the accounts of the host from the names of the files in its {@code accounts} store,
   * and the files that Prosody can never load because their name is not the encoding of a
   * nodeprepped user name (uppercase hex such as {@code %2E}, or upper-case letters).
   */
  public UserListing list() throws IOException {
    List<String> users = new ArrayList<>();
    List<Path> unloadable = new ArrayList<>();
    for (StoredName name : store.users(host, ACCOUNTS_STORE)) {
      if (name.canonical() && isNodeprepped(name.name())) {
        users.add(name.name());
      } else {
        unloadable.add(name.path());
      }
    }
    return new UserListing(users, unloadable);
  }

  /**
   * Returns true when one of the first {@code sampleSize} account records of the host, in file
   * name order, has Prosody 13's {@code created} or {@code updated} field, which shows that
   * Prosody 13 manages the host. Records that cannot be read are skipped.
   */
  public boolean hasTimestampedRecords(int sampleSize) throws IOException {
    int checked = 0;
    for (StoredName name : store.users(host, ACCOUNTS_STORE)) {
      if (checked++ >= sampleSize) {
        break;
      }
      try {
        Optional<LuaTable> record = store.loadStem(host, ACCOUNTS_STORE, name.stem(), MAX_RECORD_BYTES);
        if (record.isPresent()
            && (record.get().containsKey(AccountRecords.CREATED) || record.get().containsKey(AccountRecords.UPDATED))) {
          return true;
        }
      } catch (CorruptFileException e) {
        // A record that cannot be read gives no hint of the version.
      }
    }
    return false;
  }

  /** Returns the host's folder in the data directory, whether or not it exists. */
  public Path folder() {
    return store.hostDirectory(host);
  }

  /** Returns the path of the account's file, whether or not it exists. */
  public Path accountFile(String user) throws InvalidJidException {
    return store.file(host, ACCOUNTS_STORE, Jid.prepareNode(user, false));
  }

  /** Returns {@code user@host} for an already prepped user name. */
  public String jid(String node) {
    return node + "@" + host;
  }

  /** Returns true for names such as {@code jvb2}, which nodeprep leaves unchanged, without ICU. */
  private static boolean isLowercaseAlphanumeric(String stem) {
    for (int i = 0; i < stem.length(); i++) {
      char c = stem.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return !stem.isEmpty();
  }

  private Optional<LuaTable> loadRecord(String node) throws IOException {
    return store.loadStem(host, ACCOUNTS_STORE, NameEncoding.encode(node), MAX_RECORD_BYTES);
  }

  private static boolean isNodeprepped(String name) {
    try {
      return Jid.prepareNode(name, false).equals(name);
    } catch (InvalidJidException e) {
      return false;
    }
  }

  private LuaTable newRecord(String password) throws InvalidPasswordException {
    try {
      return AccountRecords.newRecord(password, settings, timestamps, now(), random);
    } catch (PrepException e) {
      throw passwordFailsSaslprep(e);
    }
  }

  private static InvalidPasswordException passwordFailsSaslprep(PrepException cause) {
    String reason = cause.getMessage().replaceFirst("^SASLprep failed: ", "");
    return new InvalidPasswordException("the password fails SASLprep: " + reason, cause);
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }
}
