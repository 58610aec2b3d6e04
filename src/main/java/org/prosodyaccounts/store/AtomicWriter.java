package org.prosodyaccounts.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * Replaces a file's content atomically: readers see the old file or the new one, never a mix, and
 * a crash leaves at most a temporary file that Prosody ignores.
 *
 * <p>The steps: create a temporary file in the target's folder, exclusively, without following
 * links and with mode 0640 from its creation; write and fsync it; hand it to the data directory's
 * owner when running as root; rename it over the target; fsync the folder. Prosody itself writes
 * {@code NAME~} and renames it without any fsync. The temporary name used here,
 * {@code NAME~} followed by random hex digits, never ends in {@code .dat}, {@code .list} or
 * {@code .lidx}, so Prosody never lists it as data, and it cannot collide with Prosody's own
 * {@code NAME~} while the server writes the same file.
 *
 * <p>On Linux every step runs relative to the opened folder ({@link SecureDirectoryStream}), so a
 * folder swapped for a link between steps cannot redirect the write.
 */
final class AtomicWriter {

  /** The marker between a file name and the random suffix of its temporary file. */
  static final String TEMP_MARKER = "~";

  private static final SecureRandom RANDOM = new SecureRandom();

  private AtomicWriter() {}

  /**
   * Writes {@code content} to {@code directory/fileName}, replacing any existing file.
   *
   * @throws IOException if any step fails; the temporary file is then removed and the old file,
   *     if any, is left as it was
   */
  static void write(Path directory, String fileName, byte[] content, Ownership ownership)
      throws IOException {
    String tempName = fileName + TEMP_MARKER + HexFormat.of().formatHex(randomBytes(8));
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      if (stream instanceof SecureDirectoryStream<Path> secure) {
        writeRelative(secure, directory, Path.of(tempName), Path.of(fileName), content, ownership);
      } else {
        writeByPath(directory, directory.resolve(tempName), directory.resolve(fileName), content, ownership);
      }
    }
    fsyncDirectory(directory);
  }

  private static void writeRelative(
      SecureDirectoryStream<Path> folder,
      Path directory,
      Path temp,
      Path target,
      byte[] content,
      Ownership ownership)
      throws IOException {
    Set<OpenOption> options =
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    boolean created = false;
    try {
      try (SeekableByteChannel channel =
          folder.newByteChannel(temp, options, PosixFilePermissions.asFileAttribute(Ownership.FILE_MODE))) {
        created = true;
        writeFully(channel, content);
        PosixFileAttributeView view =
            folder.getFileAttributeView(temp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        ownership.apply(view, Ownership.FILE_MODE);
        if (channel instanceof FileChannel fileChannel) {
          fileChannel.force(true);
        }
      }
      folder.move(temp, folder, target);
      created = false;
    } catch (FileAlreadyExistsException e) {
      throw new IOException("temporary file " + directory.resolve(temp) + " already exists", e);
    } finally {
      if (created) {
        deleteQuietly(folder, temp);
      }
    }
  }

  private static void writeByPath(
      Path directory, Path temp, Path target, byte[] content, Ownership ownership) throws IOException {
    boolean created = false;
    try {
      try (FileChannel channel =
          FileChannel.open(
              temp,
              Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
              PosixFilePermissions.asFileAttribute(Ownership.FILE_MODE))) {
        created = true;
        writeFully(channel, content);
        ownership.apply(temp, Ownership.FILE_MODE);
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      created = false;
    } finally {
      if (created) {
        Files.deleteIfExists(temp);
      }
    }
  }

  private static void writeFully(SeekableByteChannel channel, byte[] content) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(content);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** Deletes {@code name} in {@code directory} if it is there, without following a link. */
  static boolean delete(Path directory, String name) throws IOException {
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      if (stream instanceof SecureDirectoryStream<Path> secure) {
        try {
          secure.deleteFile(Path.of(name));
          return true;
        } catch (NoSuchFileException e) {
          return false;
        }
      }
    } catch (NoSuchFileException e) {
      return false;
    }
    return Files.deleteIfExists(directory.resolve(name));
  }

  /**
   * Flushes a folder's entries to disk, so that a rename survives a power loss. Folders that
   * cannot be opened for reading are skipped, because the rename itself has already succeeded.
   */
  static void fsyncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // NOTE: some file systems refuse to open or fsync a folder; the data is written anyway.
    }
  }

  private static void deleteQuietly(SecureDirectoryStream<Path> folder, Path name) {
    try {
      folder.deleteFile(name);
    } catch (IOException e) {
      // The write has already failed; that failure is the one to report.
    }
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
