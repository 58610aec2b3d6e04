package org.prosodyaccounts.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An open folder of the data directory. Every step after opening acts on that very folder through
 * its descriptor ({@link SecureDirectoryStream}, that is {@code openat}, {@code renameat},
 * {@code unlinkat}, {@code fchownat}), so a user who can write the parent folder cannot redirect
 * the step by replacing the folder, or a folder above it, with a symbolic link.
 *
 * <p>A child folder is opened by its path with a trailing {@code /.}, which makes the kernel fail
 * with ENOTDIR on a FIFO instead of blocking in {@code open}, and is then accepted only if the
 * entry of that name in this folder, read without following links, is a directory with the same
 * device and inode as the one opened. A symbolic link, a file or a folder swapped in meanwhile is
 * rejected with a {@link DataDirectoryException}.
 *
 * <p>Names passed in are single path components, as {@link NameEncoding} produces them.
 */
final class Folder implements Closeable {

  private static final Set<StandardOpenOption> READ = Set.of(StandardOpenOption.READ);

  private final Path path;
  private final SecureDirectoryStream<Path> stream;

  private Folder(Path path, SecureDirectoryStream<Path> stream) {
    this.path = path;
    this.stream = stream;
  }

  /**
   * Opens a folder by its path, following links in it. Used for the data directory itself, which
   * the administrator chose, and for the read-only checks of {@code doctor}.
   *
   * @throws NoSuchFileException if it does not exist
   * @throws NotDirectoryException if it is not a folder
   */
  static Folder open(Path directory) throws IOException {
    return new Folder(directory, openStream(directory));
  }

  private static SecureDirectoryStream<Path> openStream(Path directory) throws IOException {
    DirectoryStream<Path> stream = Files.newDirectoryStream(directory.resolve("."));
    if (stream instanceof SecureDirectoryStream<Path> secure) {
      return secure;
    }
    stream.close();
    throw new IOException(
        "this Java runtime has no SecureDirectoryStream for " + directory
            + ", which this tool needs to write a data directory safely (Linux and macOS have it)");
  }

  /** Returns the path the folder was opened at, for messages. */
  Path path() {
    return path;
  }

  /** Returns the attributes of an entry without following a link, or empty when there is none. */
  Optional<BasicFileAttributes> attributes(String name) throws IOException {
    try {
      return Optional.of(
          stream
              .getFileAttributeView(entry(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .readAttributes());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /**
   * Opens the child folder {@code name}.
   *
   * @return the folder, or empty when there is no entry of that name
   * @throws DataDirectoryException if the entry is a link, not a folder, or was replaced while it
   *     was being opened
   */
  Optional<Folder> openChild(String name) throws IOException {
    Path childPath = path.resolve(name);
    Optional<BasicFileAttributes> before = attributes(name);
    if (before.isEmpty()) {
      return Optional.empty();
    }
    requireFolder(childPath, before.get());
    SecureDirectoryStream<Path> child;
    try {
      child = openStream(childPath);
    } catch (NoSuchFileException | NotDirectoryException e) {
      throw replaced(childPath, e);
    } catch (AccessDeniedException e) {
      throw FileStore.accessDenied(childPath, "readable", e);
    }
    boolean verified = false;
    try {
      Object opened = child.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
      Optional<BasicFileAttributes> now = attributes(name);
      if (now.isEmpty() || !now.get().isDirectory() || opened == null || !opened.equals(now.get().fileKey())) {
        throw replaced(childPath, null);
      }
      verified = true;
      return Optional.of(new Folder(childPath, child));
    } finally {
      if (!verified) {
        child.close();
      }
    }
  }

  /**
   * Opens the child folder {@code name}, creating it with {@code mode} when it is missing. A
   * folder this call creates gets {@code ownership}, set through its own descriptor, and this
   * folder is fsynced so that the new entry survives a power loss.
   *
   * @throws DataDirectoryException if the entry is a link or not a folder, or this folder is not
   *     writable
   */
  Folder openOrCreateChild(String name, Ownership ownership, Set<PosixFilePermission> mode) throws IOException {
    Optional<Folder> existing = openChild(name);
    if (existing.isPresent()) {
      return existing.get();
    }
    Path childPath = path.resolve(name);
    boolean created = false;
    try {
      makeDirectory(name, mode);
      created = true;
    } catch (FileAlreadyExistsException e) {
      // Another writer created it meanwhile, or something else is there: openChild decides.
    } catch (AccessDeniedException e) {
      throw FileStore.accessDenied(path, "writable", e);
    } catch (FileSystemException e) {
      throw FileStore.cannotChange(childPath, "create", path, e);
    }
    Folder child = openChild(name).orElseThrow(() -> replaced(childPath, null));
    if (created) {
      try {
        ownership.apply(child.stream.getFileAttributeView(PosixFileAttributeView.class), mode);
      } catch (IOException e) {
        child.close();
        throw e;
      }
      fsync();
    }
    return child;
  }

  /**
   * Creates the child folder {@code name}, which must not exist yet, readable by this process's
   * user only.
   *
   * @throws FileAlreadyExistsException if the name is taken
   */
  Folder createPrivateChild(String name) throws IOException {
    Path childPath = path.resolve(name);
    try {
      makeDirectory(name, PosixFilePermissions.fromString("rwx------"));
    } catch (AccessDeniedException e) {
      throw FileStore.accessDenied(path, "writable", e);
    }
    Optional<Folder> child = openChild(name);
    if (child.isEmpty()) {
      // The descriptor number was reused for another folder between the lookup and the mkdir,
      // which a cleaner thread closing a stream can cause. This name is random and unused here, so
      // it is created once more by path, and openChild still rejects a folder that is not here.
      try {
        Files.createDirectory(childPath, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (FileAlreadyExistsException e) {
        // Whatever is there now, openChild decides.
      }
      child = openChild(name);
    }
    return child.orElseThrow(() -> replaced(childPath, null));
  }

  /**
   * Creates the folder {@code name} in this folder through {@link #descriptorPath}. When the
   * descriptor found is closed before the {@code mkdir} (the JDK closes an unreachable directory
   * stream from a cleaner thread, outside {@link #DESCRIPTORS}), the lookup is repeated, and after
   * three such failures the folder is created by path. The caller's {@link #openChild} check then
   * still rejects a folder that did not end up here.
   */
  private void makeDirectory(String name, Set<PosixFilePermission> mode) throws IOException {
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        synchronized (DESCRIPTORS) {
          Files.createDirectory(descriptorPath().resolve(name), PosixFilePermissions.asFileAttribute(mode));
        }
        return;
      } catch (NoSuchFileException e) {
        // The descriptor was closed between the lookup and the mkdir: look it up again.
      } catch (FileAlreadyExistsException | AccessDeniedException e) {
        throw e;
      } catch (FileSystemException e) {
        // The exception names the /proc/self/fd path, so the message names the real one instead.
        throw new FileSystemException(path.resolve(name).toString(), null, e.getReason());
      }
    }
    Files.createDirectory(path.resolve(name), PosixFilePermissions.asFileAttribute(mode));
  }

  /**
   * Returns a path that leads to this very folder whatever happens to the path it was opened at,
   * so that a folder can be created in it: {@code /proc/self/fd/N} for a descriptor N of this
   * process that refers to it. The JDK has no {@code mkdirat}, but the kernel resolves such a
   * path to the open folder itself. Where {@code /proc} is missing, this returns the path the
   * folder was opened at.
   *
   * <p>Callers hold {@link #DESCRIPTORS} from this lookup to the {@code mkdir}, and every folder
   * closes under it, so descriptor N stays this folder's. NOTE: without {@code /proc} the new
   * folder can be created elsewhere; the caller's {@link #openChild} check then fails, so nothing
   * is written there or handed to another owner, but the empty folder stays.
   */
  private Path descriptorPath() throws IOException {
    Path descriptors = Path.of("/proc/self/fd");
    Object key = stream.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
    if (key == null || !Files.isDirectory(descriptors)) {
      return path;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(descriptors)) {
      for (Path entry : entries) {
        try {
          // stat(2) follows the descriptor's link to the open object without opening it.
          BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class);
          if (attributes.isDirectory() && key.equals(attributes.fileKey())) {
            return entry;
          }
        } catch (IOException e) {
          // The descriptor was closed meanwhile, or is not a file: try the next one.
        }
      }
    }
    return path;
  }

  /**
   * Reads a regular file, at most {@code maxBytes + 1} bytes so that the caller can tell a file
   * over the limit.
   *
   * @throws NoSuchFileException if there is no entry of that name
   * @throws CorruptFileException if the entry is a link, not a regular file, or larger than
   *     {@code maxBytes}
   */
  byte[] readRegularFile(String name, int maxBytes) throws IOException {
    Path file = path.resolve(name);
    BasicFileAttributes attributes = attributes(name).orElseThrow(() -> new NoSuchFileException(file.toString()));
    if (attributes.isSymbolicLink()) {
      throw new CorruptFileException(
          file, 0, 0, "the file is a symbolic link, which this tool does not follow in a data directory: replace it with the file itself");
    }
    if (!attributes.isRegularFile()) {
      throw new CorruptFileException(
          file, 0, 0, "the entry is a " + kind(attributes) + ", not a regular file: remove it or replace it with the file itself");
    }
    if (attributes.size() > maxBytes) {
      throw tooLarge(file, maxBytes);
    }
    // NOTE: a FIFO renamed over the file between the check above and this open makes the open
    // block until a writer opens the FIFO; the JDK cannot open with O_NONBLOCK.
    try (SeekableByteChannel channel =
        stream.newByteChannel(entry(name), Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(maxBytes + 1L, Math.max(attributes.size(), 0) + 1));
      while (true) {
        if (!buffer.hasRemaining()) {
          if (buffer.capacity() > maxBytes) {
            throw tooLarge(file, maxBytes);
          }
          ByteBuffer larger = ByteBuffer.allocate((int) Math.min(maxBytes + 1L, buffer.capacity() * 2L));
          buffer.flip();
          larger.put(buffer);
          buffer = larger;
        }
        if (channel.read(buffer) < 0) {
          break;
        }
      }
      byte[] bytes = new byte[buffer.position()];
      buffer.flip().get(bytes);
      return bytes;
    } catch (AccessDeniedException e) {
      throw FileStore.accessDenied(file, "readable", e);
    }
  }

  static CorruptFileException tooLarge(Path file, int maxBytes) {
    return new CorruptFileException(
        file, 0, 0, "the file is larger than " + maxBytes + " bytes, the most this tool reads");
  }

  /** Lists the names of the entries, in no particular order. */
  List<String> list() throws IOException {
    List<String> names = new ArrayList<>();
    // The folder's own stream is never iterated, so that it stays usable: "." opens it anew.
    DirectoryStream<Path> entries = stream.newDirectoryStream(entry("."), LinkOption.NOFOLLOW_LINKS);
    try {
      for (Path entry : entries) {
        names.add(entry.getFileName().toString());
      }
    } finally {
      // This descriptor refers to this folder too, so descriptorPath may have picked it.
      synchronized (DESCRIPTORS) {
        entries.close();
      }
    }
    return names;
  }

  /**
   * Deletes a file, a link or another non-folder entry without following it.
   *
   * @return true if an entry was removed
   */
  boolean deleteFile(String name) throws IOException {
    try {
      stream.deleteFile(entry(name));
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (AccessDeniedException e) {
      throw e;
    } catch (FileSystemException e) {
      throw FileStore.cannotChange(path.resolve(name), "delete", path, e);
    }
  }

  /** Deletes an empty child folder, ignoring failures: used to clean up after a write. */
  void deleteEmptyFolderQuietly(String name) {
    try {
      stream.deleteDirectory(entry(name));
    } catch (IOException e) {
      // A folder that is gone, not empty or replaced is left: doctor reports leftovers.
    }
  }

  /** Opens a new file for writing, exclusively and without following links, with {@code mode}. */
  SeekableByteChannel createFile(String name, Set<PosixFilePermission> mode) throws IOException {
    return stream.newByteChannel(
        entry(name),
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
        PosixFilePermissions.asFileAttribute(mode));
  }

  /** Returns the attribute view of an entry, which never follows a link. */
  PosixFileAttributeView posixView(String name) {
    return stream.getFileAttributeView(entry(name), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
  }

  /** Renames an entry of this folder to {@code targetName} in {@code target}, replacing any non-folder there. */
  void move(String name, Folder target, String targetName) throws IOException {
    stream.move(entry(name), target.stream, entry(targetName));
  }

  /**
   * Flushes the folder's entries to disk, so that a rename survives a power loss. Failures are
   * ignored, because some file systems refuse to fsync a folder and the rename has already
   * succeeded.
   */
  void fsync() {
    try (SeekableByteChannel channel = stream.newByteChannel(entry("."), READ)) {
      if (channel instanceof FileChannel fileChannel) {
        fileChannel.force(true);
      }
    } catch (IOException e) {
      // NOTE: the data is written; only its durability across a power loss is not ensured.
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (DESCRIPTORS) {
      stream.close();
    }
  }

  /**
   * Held while a folder is created through a {@code /proc/self/fd/N} path and while a folder is
   * closed, so that no other thread of this process closes descriptor N and reuses its number for
   * another folder between the lookup and the {@code mkdir}. Parallel writers, such as a bulk
   * import, otherwise create folders in each other's temporary folders.
   */
  private static final Object DESCRIPTORS = new Object();

  private static Path entry(String name) {
    if (name.isEmpty() || name.contains("/") || name.equals("..") || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not a single file name: " + name);
    }
    return Path.of(name);
  }

  private static void requireFolder(Path path, BasicFileAttributes attributes) throws DataDirectoryException {
    if (attributes.isSymbolicLink()) {
      throw new DataDirectoryException(
          path,
          path + " is a symbolic link; this tool does not follow links inside a data directory, because the user"
              + " who owns it could point them anywhere: replace the link with the folder itself");
    }
    if (!attributes.isDirectory()) {
      throw new DataDirectoryException(
          path, path + " is a " + kind(attributes) + ", not a folder: move it away so that Prosody can use this name");
    }
  }

  private static DataDirectoryException replaced(Path path, IOException cause) {
    return new DataDirectoryException(
        path, path + " was replaced while it was being opened (by a link or another entry); nothing was written: retry,"
            + " and check who else changes the data directory", cause);
  }

  private static String kind(BasicFileAttributes attributes) {
    if (attributes.isDirectory()) {
      return "folder";
    }
    if (attributes.isSymbolicLink()) {
      return "symbolic link";
    }
    if (attributes.isOther()) {
      return "FIFO, socket or device";
    }
    return "file";
  }
}
