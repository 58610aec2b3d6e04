package org.prosodyaccounts.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.prosodyaccounts.lua.LuaData;
import org.prosodyaccounts.lua.LuaReader;
import org.prosodyaccounts.lua.LuaSerializer;
import org.prosodyaccounts.lua.LuaSyntaxException;
import org.prosodyaccounts.lua.LuaTable;

/**
 * Prosody's file storage ("internal") in one data directory, as {@code util/datamanager.lua}
 * lays it out: {@code DATA/<host>/<store>/<user>.dat} for keyval stores, with names encoded by
 * {@link NameEncoding}.
 *
 * <p>Hosts and users passed in must already be prepped (nameprep and nodeprep), because Prosody
 * looks files up by the prepped name. Reads never execute file content. Writes are atomic
 * (see {@link AtomicWriter}), create missing folders with mode 0750, and give new entries the
 * data directory's owner when running as root.
 *
 * <p>The data directory's own path may contain links, since the administrator chose it. Below it,
 * the user who owns the data directory could plant links, so host and store folders and files
 * that are symbolic links are never followed: they are reported as errors, and {@code purge} and
 * {@code hosts} skip them. Each operation opens the folders once and works through their
 * descriptors (see {@link Folder}).
 *
 * <p>Instances are immutable and safe to share between threads, but two writers of the same file
 * race: the last rename wins and each file is always whole.
 */
public final class FileStore {

  /** The extension of keyval files. */
  public static final String DAT = ".dat";

  /** The extensions {@code purge} removes: keyval, list and, from Prosody 13, list index files. */
  private static final List<String> PURGED_EXTENSIONS = List.of(".dat", ".list", ".lidx");

  private final Path dataPath;
  private final Ownership ownership;

  /** The writes of a dry run, or null when writes reach the disk. */
  private final DryRunOverlay overlay;

  private FileStore(Path dataPath, Ownership ownership, DryRunOverlay overlay) {
    this.dataPath = dataPath;
    this.ownership = ownership;
    this.overlay = overlay;
  }

  /**
   * Opens the data directory at {@code dataPath}, which must exist.
   *
   * @throws DataDirectoryException if it is missing, not a directory or not readable
   */
  public static FileStore open(Path dataPath) throws IOException {
    Path absolute = checkDataDirectory(dataPath);
    return new FileStore(absolute, Ownership.forDataDirectory(absolute), null);
  }

  /**
   * Opens the data directory at {@code dataPath}, which must exist, giving new entries
   * {@code ownership}.
   */
  public static FileStore open(Path dataPath, Ownership ownership) throws IOException {
    return new FileStore(checkDataDirectory(dataPath), ownership, null);
  }

  private static Path checkDataDirectory(Path dataPath) throws IOException {
    Path absolute = dataPath.toAbsolutePath().normalize();
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(absolute, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new DataDirectoryException(
          absolute,
          "data directory "
              + absolute
              + " does not exist: give Prosody's data_path with --data-path, or install Prosody"
              + " (Debian's package creates /var/lib/prosody)");
    }
    if (!attributes.isDirectory()) {
      throw new DataDirectoryException(
          absolute, "data directory " + absolute + " is not a directory: give Prosody's data_path with --data-path");
    }
    if (!Files.isReadable(absolute) || !Files.isExecutable(absolute)) {
      throw new DataDirectoryException(
          absolute,
          "data directory "
              + absolute
              + " is not readable by "
              + Ownership.describeCurrentUser()
              + " ("
              + Ownership.describe(absolute)
              + "): run as root or as the owner");
    }
    return absolute;
  }

  /**
   * Returns a store over the same data directory whose writes change nothing on disk: they are
   * kept in memory, where this store's later reads, listings and deletions see them, so a
   * sequence of operations reports what it would do. Each write is checked as far as it can be
   * without writing: the record must serialize, and the folders it goes to must not be links or
   * other files and must be writable (or creatable) by this process. The data directory is only
   * read. Calling it on a dry-run store returns that store.
   */
  public FileStore dryRun() {
    return overlay != null ? this : new FileStore(dataPath, ownership, new DryRunOverlay());
  }

  /** Returns true for a store made by {@link #dryRun()}. */
  public boolean isDryRun() {
    return overlay != null;
  }

  /** Returns the absolute, normalized data directory. */
  public Path dataPath() {
    return dataPath;
  }

  /** Returns the owner, group and modes that new entries get. */
  public Ownership ownership() {
    return ownership;
  }

  /** Returns {@code DATA/<enc(host)>}. */
  public Path hostDirectory(String host) {
    return dataPath.resolve(NameEncoding.encode(host));
  }

  /** Returns {@code DATA/<enc(host)>/<store_enc(store)>}. */
  public Path storeDirectory(String host, String store) {
    return hostDirectory(host).resolve(NameEncoding.encodeStore(store));
  }

  /** Returns {@code DATA/<enc(host)>/<store_enc(store)>/<enc(user)>.dat}. */
  public Path file(String host, String store, String user) {
    return storeDirectory(host, store).resolve(NameEncoding.encode(user) + DAT);
  }

  /**
   * Loads a user's keyval record.
   *
   * @return the table, or empty when there is no file
   * @throws CorruptFileException if the file does not hold one Lua table literal, or is a link or
   *     not a regular file
   * @throws DataDirectoryException if the host or store folder is a link or not a folder
   * @throws IOException if the file exists but cannot be read
   */
  public Optional<LuaTable> load(String host, String store, String user) throws IOException {
    return loadStem(host, store, NameEncoding.encode(user));
  }

  /**
   * Loads the keyval file whose name on disk is {@code stem} followed by {@code .dat}, such as a
   * {@link StoredName#stem()} from {@link #users}; see {@link #load}.
   */
  public Optional<LuaTable> loadStem(String host, String store, String stem) throws IOException {
    return loadStem(host, store, stem, LuaReader.MAX_SOURCE_BYTES);
  }

  /**
   * Loads a keyval file as {@link #loadStem(String, String, String)} does, rejecting one larger
   * than {@code maxBytes} with a {@link CorruptFileException}.
   */
  public Optional<LuaTable> loadStem(String host, String store, String stem, int maxBytes) throws IOException {
    if (overlay != null) {
      Optional<byte[]> written = overlay.get(key(host, store, stem + DAT));
      if (written != null) {
        return written.isEmpty()
            ? Optional.empty()
            : Optional.of(parse(written.get(), storeDirectory(host, store).resolve(stem + DAT), stem + DAT));
      }
    }
    try (Folder data = openData()) {
      Optional<Folder> storeFolder = openStore(data, host, store);
      if (storeFolder.isEmpty()) {
        return Optional.empty();
      }
      try (Folder folder = storeFolder.get()) {
        return read(folder, stem + DAT, maxBytes);
      }
    }
  }

  /**
   * Loads a keyval file by path; see {@link #load}. Links in the folders above the file are
   * followed, so this serves read-only checks of paths found by walking the data directory.
   */
  public static Optional<LuaTable> loadFile(Path file) throws IOException {
    return loadFile(file, LuaReader.MAX_SOURCE_BYTES);
  }

  /**
   * Opens a folder of keyval files for reading many of them through one descriptor, as
   * {@link #loadFile(Path)} reads one. Exporting every account of a host reads each file this way,
   * which saves opening and checking the folder again for each file.
   *
   * @return empty when the folder does not exist or is not a folder
   */
  public static Optional<FolderReader> openFolder(Path directory) throws IOException {
    try {
      return Optional.of(new FolderReader(Folder.open(directory.toAbsolutePath())));
    } catch (NoSuchFileException | NotDirectoryException e) {
      return Optional.empty();
    } catch (AccessDeniedException e) {
      throw accessDenied(directory, "readable", e);
    }
  }

  /** Reads keyval files of one folder through one open descriptor of it. Not thread-safe. */
  public static final class FolderReader implements Closeable {
    private final Folder folder;

    private FolderReader(Folder folder) {
      this.folder = folder;
    }

    /**
     * Loads the keyval file {@code fileName} of this folder, with the checks and errors of
     * {@link FileStore#loadFile(Path)}.
     */
    public Optional<LuaTable> load(String fileName) throws IOException {
      return read(folder, fileName, LuaReader.MAX_SOURCE_BYTES);
    }

    @Override
    public void close() throws IOException {
      folder.close();
    }
  }

  /** Loads a keyval file by path, rejecting one larger than {@code maxBytes}; see {@link #loadFile(Path)}. */
  public static Optional<LuaTable> loadFile(Path file, int maxBytes) throws IOException {
    Folder folder;
    try {
      folder = Folder.open(file.toAbsolutePath().getParent());
    } catch (NoSuchFileException | NotDirectoryException e) {
      return Optional.empty();
    } catch (AccessDeniedException e) {
      throw accessDenied(file, "readable", e);
    }
    try (folder) {
      return read(folder, file.getFileName().toString(), maxBytes);
    }
  }

  private static Optional<LuaTable> read(Folder folder, String fileName, int maxBytes) throws IOException {
    Path file = folder.path().resolve(fileName);
    int limit = Math.min(maxBytes, LuaReader.MAX_SOURCE_BYTES);
    byte[] source;
    try {
      source = folder.readRegularFile(fileName, limit);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (source.length > limit) {
      throw Folder.tooLarge(file, limit);
    }
    return Optional.of(parse(source, file, fileName));
  }

  private static LuaTable parse(byte[] source, Path file, String fileName) throws CorruptFileException {
    Optional<LuaData> value;
    try {
      value = LuaReader.readChunk(source, fileName);
    } catch (LuaSyntaxException e) {
      throw new CorruptFileException(file, e.line(), e.column(), withoutQuotedText(e.reason()));
    }
    if (value.isEmpty()) {
      throw new CorruptFileException(
          file, 0, 0, "the file returns no value, which Prosody treats as missing data");
    }
    if (!(value.get() instanceof LuaTable table)) {
      throw new CorruptFileException(
          file, 0, 0, "the file returns a " + value.get().typeName() + " where Prosody stores a table");
    }
    return table;
  }

  /**
   * Saves a user's keyval record atomically, or deletes the file when the table is empty, as
   * Prosody's {@code datamanager.store} does.
   *
   * @throws DataDirectoryException if the host or store folder is a link or not a folder, or not
   *     writable
   * @throws java.nio.file.FileSystemException naming the file when the write fails, such as on a
   *     full disk; the old file is then unchanged
   */
  public void save(String host, String store, String user, LuaTable table) throws IOException {
    save(host, store, user, table, null);
  }

  /**
   * Saves a user's keyval record as {@link #save(String, String, String, LuaTable)} does, but
   * leaves the fsync of the store folder after the rename to {@code syncs}, so that a batch of
   * writes syncs each folder once.
   *
   * @param syncs the batch to record the folder in, or null to fsync it at once
   */
  public void save(String host, String store, String user, LuaTable table, FolderSyncs syncs) throws IOException {
    if (table.isEmpty()) {
      delete(host, store, user);
      return;
    }
    byte[] content = LuaSerializer.serializeChunk(table);
    String fileName = NameEncoding.encode(user) + DAT;
    if (overlay != null) {
      checkWritable(host, store);
      overlay.put(key(host, store, fileName), content);
      return;
    }
    try (Folder data = openData();
        Folder hostFolder = data.openOrCreateChild(NameEncoding.encode(host), ownership, Ownership.DIRECTORY_MODE);
        Folder storeFolder =
            hostFolder.openOrCreateChild(NameEncoding.encodeStore(store), ownership, Ownership.DIRECTORY_MODE)) {
      try {
        AtomicWriter.write(storeFolder, fileName, content, ownership, syncs == null);
      } catch (AccessDeniedException e) {
        throw notWritable(storeFolder.path(), e);
      }
    }
    if (syncs != null) {
      syncs.add(this, host, store);
    }
  }

  /** Fsyncs a store folder of a host, if it exists; see {@link FolderSyncs}. */
  void syncStoreFolder(String host, String store) throws IOException {
    try (Folder data = openData()) {
      Optional<Folder> storeFolder = openStore(data, host, store);
      if (storeFolder.isPresent()) {
        try (Folder folder = storeFolder.get()) {
          folder.fsync();
        }
      }
    }
  }

  /**
   * Deletes a user's keyval file.
   *
   * @return true if a file was removed
   */
  public boolean delete(String host, String store, String user) throws IOException {
    if (overlay != null) {
      String fileName = NameEncoding.encode(user) + DAT;
      DryRunOverlay.Key key = key(host, store, fileName);
      Optional<byte[]> written = overlay.get(key);
      boolean existed = written != null ? written.isPresent() : existsOnDisk(host, store, fileName);
      if (existed) {
        checkWritable(host, store);
      }
      overlay.remove(key);
      return existed;
    }
    try (Folder data = openData()) {
      Optional<Folder> storeFolder = openStore(data, host, store);
      if (storeFolder.isEmpty()) {
        return false;
      }
      try (Folder folder = storeFolder.get()) {
        return folder.deleteFile(NameEncoding.encode(user) + DAT);
      } catch (AccessDeniedException e) {
        throw notWritable(storeDirectory(host, store), e);
      }
    }
  }

  /**
   * Removes the user's {@code .dat}, {@code .list} and {@code .lidx} files from every store
   * folder of the host, as Prosody's {@code datamanager.purge} does when an account is deleted.
   * Folders and host-level files stay. Entries of the host folder that are links are skipped.
   *
   * @return the files removed, sorted
   */
  public List<Path> purge(String host, String user) throws IOException {
    List<Path> removed = new ArrayList<>();
    String stem = NameEncoding.encode(user);
    if (overlay != null) {
      return purgeDryRun(host, stem);
    }
    try (Folder data = openData()) {
      Optional<Folder> hostFolder = data.openChild(NameEncoding.encode(host));
      if (hostFolder.isEmpty()) {
        return List.of();
      }
      try (Folder folder = hostFolder.get()) {
        for (String name : folder.list()) {
          Optional<BasicFileAttributes> attributes = folder.attributes(name);
          if (attributes.isEmpty() || !attributes.get().isDirectory()) {
            continue;
          }
          Optional<Folder> opened = folder.openChild(name);
          if (opened.isEmpty()) {
            continue;
          }
          try (Folder storeFolder = opened.get()) {
            for (String extension : PURGED_EXTENSIONS) {
              try {
                if (storeFolder.deleteFile(stem + extension)) {
                  removed.add(storeFolder.path().resolve(stem + extension));
                }
              } catch (AccessDeniedException e) {
                throw notWritable(storeFolder.path(), e);
              }
            }
          }
        }
      } catch (AccessDeniedException e) {
        throw accessDenied(hostDirectory(host), "readable", e);
      }
    }
    removed.sort(Comparator.naturalOrder());
    return removed;
  }

  /**
   * Lists the users that have a keyval file in a store, as Prosody's {@code users()} lists them:
   * every entry ending in {@code .dat}, its name decoded. Names that Prosody can never load are
   * included and marked.
   *
   * @return the entries sorted by decoded name; empty when the folder does not exist
   * @throws DataDirectoryException if the host or store folder is a link or not a folder
   */
  public List<StoredName> users(String host, String store) throws IOException {
    List<StoredName> names = new ArrayList<>();
    try (Folder data = openData()) {
      Optional<Folder> storeFolder = openStore(data, host, store);
      if (storeFolder.isEmpty()) {
        return overlay == null ? List.of() : withDryRunWrites(host, store, names);
      }
      try (Folder folder = storeFolder.get()) {
        for (String fileName : folder.list()) {
          if (fileName.endsWith(DAT)) {
            String stem = fileName.substring(0, fileName.length() - DAT.length());
            names.add(StoredName.of(stem, folder.path().resolve(fileName)));
          }
        }
      } catch (AccessDeniedException e) {
        throw accessDenied(storeDirectory(host, store), "readable", e);
      }
    }
    if (overlay != null) {
      return withDryRunWrites(host, store, names);
    }
    names.sort(Comparator.comparing(StoredName::name).thenComparing(StoredName::stem));
    return names;
  }

  /** Applies a dry run's writes and deletions to a store's listing from disk, and sorts it. */
  private List<StoredName> withDryRunWrites(String host, String store, List<StoredName> onDisk) {
    String hostFolder = NameEncoding.encode(host);
    String storeFolder = NameEncoding.encodeStore(store);
    Map<String, StoredName> byFile = new HashMap<>();
    for (StoredName name : onDisk) {
      byFile.put(name.stem() + DAT, name);
    }
    overlay.filesOf(hostFolder).forEach((key, written) -> {
      if (!key.storeFolder().equals(storeFolder) || !key.fileName().endsWith(DAT)) {
        return;
      }
      if (written) {
        String stem = key.fileName().substring(0, key.fileName().length() - DAT.length());
        byFile.putIfAbsent(key.fileName(), StoredName.of(stem, storeDirectory(host, store).resolve(key.fileName())));
      } else {
        byFile.remove(key.fileName());
      }
    });
    List<StoredName> names = new ArrayList<>(byFile.values());
    names.sort(Comparator.comparing(StoredName::name).thenComparing(StoredName::stem));
    return names;
  }

  /** Lists what {@link #purge} would remove in a dry run, and records the removals. */
  private List<Path> purgeDryRun(String host, String stem) throws IOException {
    String hostFolder = NameEncoding.encode(host);
    Set<DryRunOverlay.Key> present = new HashSet<>();
    try (Folder data = openData()) {
      Optional<Folder> opened = data.openChild(hostFolder);
      if (opened.isPresent()) {
        try (Folder folder = opened.get()) {
          for (String name : folder.list()) {
            Optional<BasicFileAttributes> attributes = folder.attributes(name);
            if (attributes.isEmpty() || !attributes.get().isDirectory()) {
              continue;
            }
            Optional<Folder> storeFolder = folder.openChild(name);
            if (storeFolder.isEmpty()) {
              continue;
            }
            try (Folder files = storeFolder.get()) {
              for (String extension : PURGED_EXTENSIONS) {
                if (files.attributes(stem + extension).isPresent()) {
                  present.add(new DryRunOverlay.Key(hostFolder, name, stem + extension));
                }
              }
            }
          }
        } catch (AccessDeniedException e) {
          throw accessDenied(hostDirectory(host), "readable", e);
        }
      }
    }
    overlay.filesOf(hostFolder).forEach((key, written) -> {
      if (PURGED_EXTENSIONS.stream().anyMatch(extension -> key.fileName().equals(stem + extension))) {
        if (written) {
          present.add(key);
        } else {
          present.remove(key);
        }
      }
    });
    List<Path> removed = new ArrayList<>();
    for (DryRunOverlay.Key key : present) {
      Path folder = dataPath.resolve(key.hostFolder()).resolve(key.storeFolder());
      if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS) && !Files.isWritable(folder)) {
        throw notWritable(folder, new AccessDeniedException(folder.toString()));
      }
      overlay.remove(key);
      removed.add(folder.resolve(key.fileName()));
    }
    removed.sort(Comparator.naturalOrder());
    return removed;
  }

  private DryRunOverlay.Key key(String host, String store, String fileName) {
    return new DryRunOverlay.Key(NameEncoding.encode(host), NameEncoding.encodeStore(store), fileName);
  }

  /**
   * Returns true when the user's keyval file exists, whatever it holds; in a dry run, after the
   * run's own writes and deletions.
   */
  public boolean fileExists(String host, String store, String user) throws IOException {
    String fileName = NameEncoding.encode(user) + DAT;
    if (overlay != null) {
      Optional<byte[]> written = overlay.get(key(host, store, fileName));
      if (written != null) {
        return written.isPresent();
      }
    }
    return existsOnDisk(host, store, fileName);
  }

  private boolean existsOnDisk(String host, String store, String fileName) throws IOException {
    try (Folder data = openData()) {
      Optional<Folder> storeFolder = openStore(data, host, store);
      if (storeFolder.isEmpty()) {
        return false;
      }
      try (Folder folder = storeFolder.get()) {
        return folder.attributes(fileName).isPresent();
      }
    }
  }

  /**
   * Checks, for a dry run, what a write into a store folder would find: the host and store
   * folders that exist are real folders, not links, and the deepest of them, or the data
   * directory, is writable by this process.
   */
  private void checkWritable(String host, String store) throws IOException {
    Path deepest = dataPath;
    try (Folder data = openData()) {
      Optional<Folder> hostFolder = data.openChild(NameEncoding.encode(host));
      if (hostFolder.isPresent()) {
        try (Folder folder = hostFolder.get()) {
          deepest = folder.path();
          Optional<Folder> storeFolder = folder.openChild(NameEncoding.encodeStore(store));
          if (storeFolder.isPresent()) {
            try (Folder opened = storeFolder.get()) {
              deepest = opened.path();
            }
          }
        }
      }
    }
    if (!Files.isWritable(deepest)) {
      throw notWritable(deepest, new AccessDeniedException(deepest.toString()));
    }
  }

  /** Lists the host folders of the data directory, decoded and sorted. Links are skipped. */
  public List<StoredName> hosts() throws IOException {
    List<StoredName> names = new ArrayList<>();
    Set<String> folders = new HashSet<>();
    try (Folder data = openData()) {
      for (String name : data.list()) {
        Optional<BasicFileAttributes> attributes = data.attributes(name);
        if (attributes.isPresent() && attributes.get().isDirectory()) {
          names.add(StoredName.of(name, dataPath.resolve(name)));
          folders.add(name);
        }
      }
    } catch (AccessDeniedException e) {
      throw accessDenied(dataPath, "readable", e);
    }
    if (overlay != null) {
      for (String name : overlay.writtenHostFolders()) {
        if (folders.add(name)) {
          names.add(StoredName.of(name, dataPath.resolve(name)));
        }
      }
    }
    names.sort(Comparator.comparing(StoredName::name));
    return names;
  }

  private Folder openData() throws IOException {
    try {
      return Folder.open(dataPath);
    } catch (NoSuchFileException | NotDirectoryException e) {
      throw new DataDirectoryException(
          dataPath, "data directory " + dataPath + " does not exist any more: give Prosody's data_path with --data-path", e);
    } catch (AccessDeniedException e) {
      throw accessDenied(dataPath, "readable", e);
    }
  }

  /** Opens the store folder of a host, or returns empty when it or the host folder is missing. */
  private static Optional<Folder> openStore(Folder data, String host, String store) throws IOException {
    Optional<Folder> hostFolder = data.openChild(NameEncoding.encode(host));
    if (hostFolder.isEmpty()) {
      return Optional.empty();
    }
    try (Folder folder = hostFolder.get()) {
      return folder.openChild(NameEncoding.encodeStore(store));
    }
  }

  private static DataDirectoryException notWritable(Path directory, IOException cause) {
    return accessDenied(directory, "writable", cause);
  }

  /**
   * Describes an access failure on {@code path}. When a folder above it cannot be entered, that
   * folder is the one to fix, so the message names it instead.
   *
   * @param access what {@code path} itself is not, such as {@code readable}
   */
  static DataDirectoryException accessDenied(Path path, String access, IOException cause) {
    Path absolute = path.toAbsolutePath();
    for (int i = 1; i < absolute.getNameCount(); i++) {
      Path ancestor = absolute.getRoot().resolve(absolute.subpath(0, i));
      if (Files.isDirectory(ancestor) && !Files.isExecutable(ancestor)) {
        return new DataDirectoryException(
            ancestor,
            ancestor + " cannot be entered by " + Ownership.describeCurrentUser() + " (" + Ownership.describe(ancestor)
                + "), so " + path + " is not " + access + ": run as root or as the owner",
            cause);
      }
    }
    if (Ownership.currentUid() == 0) {
      // Root passes every permission check, so the cause is the folder's attributes or its mount.
      return new DataDirectoryException(
          path,
          path + " is not " + access + " even by root (" + Ownership.describe(path) + "): it may be immutable"
              + " (lsattr -d " + path + " shows an i; chattr -i removes it) or on a file system mounted read-only",
          cause);
    }
    return new DataDirectoryException(
        path,
        path + " is not " + access + " by " + Ownership.describeCurrentUser() + " (" + Ownership.describe(path)
            + "): run as root or as the owner",
        cause);
  }

  /**
   * Describes a change to {@code target} in {@code folder} that failed for a reason other than
   * its permissions, naming the real path and, for the reasons that need it, the fix.
   *
   * @param action what failed, such as {@code create} or {@code delete}
   */
  static DataDirectoryException cannotChange(Path target, String action, Path folder, FileSystemException e) {
    String reason = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
    return new DataDirectoryException(target, "cannot " + action + " " + target + ": " + reason + hint(reason, folder), e);
  }

  /**
   * Returns the fix for a failure whose reason is EPERM or EROFS, which a folder's mode does not
   * explain, or an empty string for other reasons.
   */
  static String hint(String reason, Path folder) {
    if (reason.equals("Operation not permitted")) {
      return ": check whether " + folder + " is immutable or append-only (lsattr -d " + folder
          + " shows i or a; chattr -i or chattr -a removes it)";
    }
    if (reason.equals("Read-only file system")) {
      return ": " + folder + " is on a file system mounted read-only: remount it read-write";
    }
    return "";
  }

  /**
   * Removes the file's own words that a reader error quotes ({@code near 'x'}, {@code variable
   * 'x'}), because in an account file an unquoted word may be a password. The position still
   * leads to it.
   */
  static String withoutQuotedText(String reason) {
    return reason.replaceAll("(near|variable|name) '[^']*'", "$1 (text not shown)");
  }

  /** Returns the bytes of {@code name} as Prosody's file name encoding decodes them, as text. */
  static String decodeToText(String stem) {
    return new String(NameEncoding.decode(stem), StandardCharsets.UTF_8);
  }
}
