package org.prosodyaccounts.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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

  private FileStore(Path dataPath, Ownership ownership) {
    this.dataPath = dataPath;
    this.ownership = ownership;
  }

  /**
   * Opens the data directory at {@code dataPath}, which must exist.
   *
   * @throws DataDirectoryException if it is missing, not a directory or not readable
   */
  public static FileStore open(Path dataPath) throws IOException {
    Path absolute = checkDataDirectory(dataPath);
    return new FileStore(absolute, Ownership.forDataDirectory(absolute));
  }

  /**
   * Opens the data directory at {@code dataPath}, which must exist, giving new entries
   * {@code ownership}.
   */
  public static FileStore open(Path dataPath, Ownership ownership) throws IOException {
    return new FileStore(checkDataDirectory(dataPath), ownership);
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
   * @throws CorruptFileException if the file does not hold one Lua table literal
   * @throws IOException if the file exists but cannot be read
   */
  public Optional<LuaTable> load(String host, String store, String user) throws IOException {
    return loadFile(file(host, store, user));
  }

  /** Loads a keyval file by path; see {@link #load}. */
  public static Optional<LuaTable> loadFile(Path file) throws IOException {
    byte[] source;
    try {
      source = readBounded(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (AccessDeniedException e) {
      throw accessDenied(file, "readable", e);
    }
    Optional<LuaData> value;
    try {
      value = LuaReader.readChunk(source, file.getFileName().toString());
    } catch (LuaSyntaxException e) {
      throw new CorruptFileException(file, e.line(), e.column(), e.reason());
    }
    if (value.isEmpty()) {
      throw new CorruptFileException(
          file, 0, 0, "the file returns no value, which Prosody treats as missing data");
    }
    if (!(value.get() instanceof LuaTable table)) {
      throw new CorruptFileException(
          file, 0, 0, "the file returns a " + value.get().typeName() + " where Prosody stores a table");
    }
    return Optional.of(table);
  }

  private static byte[] readBounded(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes(LuaReader.MAX_SOURCE_BYTES + 1);
      if (bytes.length > LuaReader.MAX_SOURCE_BYTES) {
        throw new CorruptFileException(
            file, 0, 0, "the file is larger than " + LuaReader.MAX_SOURCE_BYTES + " bytes, the most this tool reads");
      }
      return bytes;
    } catch (NoSuchFileException | CorruptFileException e) {
      throw e;
    } catch (IOException e) {
      // Opening with NOFOLLOW_LINKS fails with ELOOP on a link, which the JDK reports as a plain
      // IOException.
      if (Files.isSymbolicLink(file)) {
        throw new CorruptFileException(
            file, 0, 0, "the file is a symbolic link, which this tool does not follow in a data directory: replace it with the file itself");
      }
      throw e;
    }
  }

  /**
   * Saves a user's keyval record atomically, or deletes the file when the table is empty, as
   * Prosody's {@code datamanager.store} does.
   */
  public void save(String host, String store, String user, LuaTable table) throws IOException {
    if (table.isEmpty()) {
      delete(host, store, user);
      return;
    }
    byte[] content = LuaSerializer.serializeChunk(table);
    Path directory = ensureDirectories(host, store);
    String fileName = NameEncoding.encode(user) + DAT;
    try {
      AtomicWriter.write(directory, fileName, content, ownership);
    } catch (AccessDeniedException e) {
      throw notWritable(directory, e);
    }
  }

  /**
   * Deletes a user's keyval file.
   *
   * @return true if a file was removed
   */
  public boolean delete(String host, String store, String user) throws IOException {
    Path directory = storeDirectory(host, store);
    try {
      return AtomicWriter.delete(directory, NameEncoding.encode(user) + DAT);
    } catch (AccessDeniedException e) {
      throw notWritable(directory, e);
    }
  }

  /**
   * Removes the user's {@code .dat}, {@code .list} and {@code .lidx} files from every store
   * folder of the host, as Prosody's {@code datamanager.purge} does when an account is deleted.
   * Folders and host-level files stay.
   *
   * @return the files removed, sorted
   */
  public List<Path> purge(String host, String user) throws IOException {
    Path hostDirectory = hostDirectory(host);
    List<Path> removed = new ArrayList<>();
    String stem = NameEncoding.encode(user);
    for (Path storeDirectory : listDirectories(hostDirectory)) {
      for (String extension : PURGED_EXTENSIONS) {
        try {
          if (AtomicWriter.delete(storeDirectory, stem + extension)) {
            removed.add(storeDirectory.resolve(stem + extension));
          }
        } catch (AccessDeniedException e) {
          throw notWritable(storeDirectory, e);
        }
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
   */
  public List<StoredName> users(String host, String store) throws IOException {
    Path directory = storeDirectory(host, store);
    List<StoredName> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*" + DAT)) {
      for (Path entry : entries) {
        String fileName = entry.getFileName().toString();
        String stem = fileName.substring(0, fileName.length() - DAT.length());
        names.add(StoredName.of(stem, entry));
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of();
    } catch (AccessDeniedException e) {
      throw accessDenied(directory, "readable", e);
    }
    names.sort(Comparator.comparing(StoredName::name).thenComparing(StoredName::stem));
    return names;
  }

  /** Lists the host folders of the data directory, decoded and sorted. */
  public List<StoredName> hosts() throws IOException {
    List<StoredName> names = new ArrayList<>();
    for (Path directory : listDirectories(dataPath)) {
      names.add(StoredName.of(directory.getFileName().toString(), directory));
    }
    names.sort(Comparator.comparing(StoredName::name));
    return names;
  }

  private static List<Path> listDirectories(Path parent) throws IOException {
    List<Path> directories = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
      for (Path entry : entries) {
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          directories.add(entry);
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of();
    } catch (AccessDeniedException e) {
      throw accessDenied(parent, "readable", e);
    }
    directories.sort(Comparator.naturalOrder());
    return directories;
  }

  /** Creates the host and store folders when missing, with mode 0750 and the data directory's owner. */
  private Path ensureDirectories(String host, String store) throws IOException {
    Path hostDirectory = hostDirectory(host);
    ensureDirectory(hostDirectory);
    Path storeDirectory = hostDirectory.resolve(NameEncoding.encodeStore(store));
    ensureDirectory(storeDirectory);
    return storeDirectory;
  }

  private void ensureDirectory(Path directory) throws IOException {
    if (Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(Ownership.DIRECTORY_MODE));
    } catch (FileAlreadyExistsException e) {
      if (Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
        return; // Another writer created it in the meantime.
      }
      throw new DataDirectoryException(
          directory, directory + " exists but is not a folder (a link or a file): move it away so that Prosody can use this name", e);
    } catch (AccessDeniedException e) {
      throw notWritable(directory.getParent(), e);
    }
    ownership.apply(directory, Ownership.DIRECTORY_MODE);
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
    return new DataDirectoryException(
        path,
        path + " is not " + access + " by " + Ownership.describeCurrentUser() + " (" + Ownership.describe(path)
            + "): run as root or as the owner",
        cause);
  }

  /** Returns the bytes of {@code name} as Prosody's file name encoding decodes them, as text. */
  static String decodeToText(String stem) {
    return new String(NameEncoding.decode(stem), StandardCharsets.UTF_8);
  }
}
