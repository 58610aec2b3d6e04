package org.prosodyaccounts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prosody release, as far as it decides the account record format: Prosody 13 writes
 * {@code created} and {@code updated} (integer Unix seconds) into every account record it
 * creates or changes, and 0.12 writes neither. Both read either format.
 *
 * @param major the major version: 0 for 0.12, 13 for 13.0
 * @param minor the minor version: 12 for 0.12, 0 for 13.0
 */
public record ProsodyVersion(int major, int minor) implements Comparable<ProsodyVersion> {

  /** Prosody 0.12, Debian 12's release. */
  public static final ProsodyVersion V0_12 = new ProsodyVersion(0, 12);

  /** Prosody 13.0, the first release that writes {@code created} and {@code updated}. */
  public static final ProsodyVersion V13_0 = new ProsodyVersion(13, 0);

  /** The file in which Debian's prosody package records its version, such as {@code 0.12.3}. */
  public static final Path DEBIAN_VERSION_FILE = Path.of("/usr/lib/prosody/prosody.version");

  private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:[.~+-].*)?");

  public ProsodyVersion {
    if (major < 0 || minor < 0) {
      throw new IllegalArgumentException("invalid version " + major + "." + minor);
    }
  }

  /**
   * Parses a version such as {@code 13}, {@code 13.0.1}, {@code 0.12.3} or {@code 0.12}.
   *
   * @return the version, or empty when {@code text} is not a version number
   */
  public static Optional<ProsodyVersion> parse(String text) {
    String trimmed = text.strip();
    if (trimmed.matches("\\d+")) {
      return Optional.of(new ProsodyVersion(Integer.parseInt(trimmed), 0));
    }
    Matcher matcher = VERSION.matcher(trimmed);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ProsodyVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Reads the version of an installed Prosody from its {@code prosody.version} file.
   *
   * @return the version, or empty when the file is missing, unreadable or contains no version (a
   *     build from source may contain {@code unknown})
   */
  public static Optional<ProsodyVersion> installed(Path versionFile) {
    try {
      byte[] bytes = Files.readAllBytes(versionFile);
      if (bytes.length > 256) {
        return Optional.empty();
      }
      return parse(new String(bytes, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Returns true when this release writes {@code created} and {@code updated} into account records. */
  public boolean writesTimestamps() {
    return compareTo(V13_0) >= 0;
  }

  @Override
  public int compareTo(ProsodyVersion other) {
    return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
