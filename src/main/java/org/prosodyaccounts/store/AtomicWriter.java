package org.prosodyaccounts.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Replaces a file's content atomically: readers see the old file or the new one, never a mix, and
 * a crash leaves at most a temporary folder that Prosody ignores.
 *
 * <p>The steps: create a private folder {@code NAME~} followed by random hex digits (mode 0700,
 * this process's owner) in the target's folder; create the file in it exclusively, without
 * following links and with mode 0640 from its creation; write and fsync it; hand it to the data
 * directory's owner when running as root; rename it over the target; remove the private folder.
 * Last, fsync the target's folder, or leave that to the end of a batch of writes. Prosody itself
 * writes {@code NAME~} and renames it without any fsync.
 *
 * <p>The private folder is what makes the owner and mode changes safe, because those calls act on
 * a name. Prosody's user owns the target's folder, so there it could rename a FIFO, or a hard link
 * to a file outside the data directory, over the temporary file between its creation and the
 * change. In a folder only this process's user can write, no one else can replace the entry.
 * The private folder is named {@code NAME~} followed by random hex digits, so it never ends in
 * {@code .dat}, {@code .list} or {@code .lidx}, Prosody never lists it as data, and it differs from
 * Prosody's own {@code NAME~}.
 */
final class AtomicWriter {

  /** The marker between a file name and the random suffix of its temporary folder. */
  static final String TEMP_MARKER = "~";

  private static final SecureRandom RANDOM = new SecureRandom();

  private AtomicWriter() {}

  /**
   * Writes {@code content} to {@code fileName} in {@code folder}, replacing any existing file.
   *
   * @throws FileSystemException naming the target file if a step fails, such as on a full disk, a
   *     read-only file system or a folder that is not writable. The old file, if any, is left as
   *     it was, and the temporary folder is removed.
   */
  static void write(Folder folder, String fileName, byte[] content, Ownership ownership) throws IOException {
    write(folder, fileName, content, ownership, true);
  }

  /**
   * Writes as {@link #write(Folder, String, byte[], Ownership)} does, but fsyncs the folder after
   * the rename only when {@code syncFolder} is true. Otherwise the caller must fsync it before it
   * reports the write as durable (see {@link FolderSyncs}).
   */
  static void write(Folder folder, String fileName, byte[] content, Ownership ownership, boolean syncFolder)
      throws IOException {
    String scratchName = fileName + TEMP_MARKER + HexFormat.of().formatHex(randomBytes(8));
    boolean renamed = false;
    try (Folder scratch = createScratch(folder, scratchName, fileName)) {
      try {
        try (SeekableByteChannel channel = scratch.createFile(fileName, Ownership.FILE_MODE)) {
          writeFully(channel, content);
          ownership.apply(scratch.posixView(fileName), Ownership.FILE_MODE);
          if (channel instanceof FileChannel fileChannel) {
            fileChannel.force(true);
          }
        }
        scratch.move(fileName, folder, fileName);
        renamed = true;
      } catch (FileSystemException e) {
        throw e;
      } catch (IOException e) {
        // Write and fsync errors, such as ENOSPC, come without a file name.
        throw new FileSystemException(
            folder.path().resolve(fileName).toString(), null, e.getMessage() + "; the old file was left unchanged");
      } finally {
        if (!renamed) {
          deleteQuietly(scratch, fileName);
        }
      }
    } finally {
      folder.deleteEmptyFolderQuietly(scratchName);
    }
    if (syncFolder) {
      folder.fsync();
    }
  }

  private static Folder createScratch(Folder folder, String scratchName, String fileName) throws IOException {
    String target = folder.path().resolve(fileName).toString();
    try {
      return folder.createPrivateChild(scratchName);
    } catch (FileAlreadyExistsException e) {
      throw new FileSystemException(
          target, null, "temporary folder " + scratchName + " already exists; the old file was left unchanged");
    } catch (FileSystemException e) {
      if (e instanceof java.nio.file.AccessDeniedException) {
        throw e;
      }
      String reason = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
      throw new FileSystemException(
          target, null, "cannot create temporary folder " + scratchName + ": " + reason
              + FileStore.hint(reason, folder.path()) + "; the old file was left unchanged");
    }
  }

  private static void writeFully(SeekableByteChannel channel, byte[] content) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(content);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  private static void deleteQuietly(Folder folder, String name) {
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
