package org.prosodyaccounts.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads configuration files and the files that FileContents and its kin name, with a size cap. */
final class SourceFiles {

  private SourceFiles() {}

  /**
   * Reads a whole regular file of at most {@link Limits#MAX_FILE_BYTES}. Pipes and devices are
   * refused, so that a name such as {@code /dev/zero} cannot stall the reading.
   *
   * @throws IOException with a message that completes "cannot read FILE: "
   */
  static byte[] read(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException("it is a directory");
    }
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new IOException("it is not a regular file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] content = in.readNBytes(Limits.MAX_FILE_BYTES + 1);
      if (content.length > Limits.MAX_FILE_BYTES) {
        throw new IOException(
            "it is larger than the limit of " + Limits.mebibytes(Limits.MAX_FILE_BYTES));
      }
      return content;
    }
  }

  /** Returns the reason of a failed {@link #read}, in words. */
  static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
