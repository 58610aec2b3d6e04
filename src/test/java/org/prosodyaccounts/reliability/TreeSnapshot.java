package org.prosodyaccounts.reliability;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state of every entry under a folder, links not followed: type, owner, group, mode, size,
 * modification time, and a digest of each regular file's content. Two snapshots are equal when
 * nothing under the folder was created, removed, written, truncated, chowned or chmodded.
 */
public final class TreeSnapshot {

  private TreeSnapshot() {}

  /** Takes the snapshot of {@code root}, itself included, keyed by path relative to it. */
  public static Map<String, String> of(Path root) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    entries.put(".", describe(root));
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
            entries.put(root.relativize(dir).toString(), describe(dir));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
            entries.put(root.relativize(file).toString(), describe(file));
            return FileVisitResult.CONTINUE;
          }
        });
    return entries;
  }

  /**
   * Returns {@code snapshot} without link counts, for tests in which the attacker itself makes
   * hard links to the files it watches.
   */
  public static Map<String, String> withoutLinkCounts(Map<String, String> snapshot) {
    Map<String, String> copy = new TreeMap<>();
    snapshot.forEach((path, text) -> copy.put(path, text.replaceFirst(" nlink \\d+", "")));
    return copy;
  }

  private static String describe(Path path) throws IOException {
    Map<String, Object> unix = Files.readAttributes(path, "unix:*", LinkOption.NOFOLLOW_LINKS);
    StringBuilder text = new StringBuilder();
    text.append(String.format("mode %o uid %s gid %s nlink %s", (Integer) unix.get("mode"), unix.get("uid"),
        unix.get("gid"), unix.get("nlink")));
    if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      text.append(" size ").append(unix.get("size")).append(" mtime ").append(unix.get("lastModifiedTime"))
          .append(" sha256 ").append(digest(Files.readAllBytes(path)));
    } else if (Files.isSymbolicLink(path)) {
      text.append(" -> ").append(Files.readSymbolicLink(path));
    }
    return text.toString();
  }

  private static String digest(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
