package org.prosodyaccounts.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.luaj.vm2.LuaError;

/**
 * Resolves the file names of {@code Include}, {@code FileContents} and their kin as Prosody's
 * {@code util.paths} does: relative to a directory, with wildcards in the last component only.
 */
final class IncludePaths {

  private IncludePaths() {}

  /**
   * Resolves {@code name} against {@code directory} unless it is absolute. As in Prosody, one
   * leading {@code ./} is dropped and {@code ..} is left for the file system to follow.
   */
  static Path resolve(Path directory, String name) {
    String relative = name;
    if (relative.startsWith("./")) {
      relative = relative.substring(2).replaceFirst("^/+", "");
    }
    Path path = Path.of(relative);
    return path.isAbsolute() ? path : directory.resolve(path);
  }

  /** Returns true when {@code name} contains {@code *} or {@code ?}, as Prosody checks. */
  static boolean isPattern(String name) {
    return name.indexOf('*') >= 0 || name.indexOf('?') >= 0;
  }

  /**
   * Lists the files that a wildcard {@code Include} names: the entries of the directory part whose
   * names match the last component and do not start with a dot.
   *
   * <p>The matches are sorted by name. Prosody takes them in the order the directory lists them,
   * which on most file systems is not sorted, so where two files set the same option this reading
   * can differ from Prosody's.
   *
   * @throws LuaError if the directory cannot be listed, as Prosody's {@code lfs.dir} raises one
   */
  static List<Path> expand(Path directory, String pattern) {
    int slash = pattern.lastIndexOf('/');
    String glob = pattern.substring(slash + 1);
    Path folder =
        slash < 0 ? directory : resolve(directory, pattern.substring(0, Math.max(slash, 1)));
    Pattern matcher = globToRegex(glob);

    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!name.startsWith(".") && matcher.matcher(name).matches()) {
          names.add(name);
        }
      }
    } catch (NoSuchFileException e) {
      throw new LuaError(
          "Include \""
              + pattern
              + "\": cannot list the directory "
              + folder
              + ": no such directory");
    } catch (NotDirectoryException e) {
      throw new LuaError(
          "Include \"" + pattern + "\": cannot list " + folder + ": it is not a directory");
    } catch (IOException e) {
      throw new LuaError(
          "Include \""
              + pattern
              + "\": cannot list the directory "
              + folder
              + ": "
              + SourceFiles.reason(e));
    }
    names.sort(null);

    List<Path> files = new ArrayList<>();
    for (String name : names) {
      files.add(folder.resolve(name));
    }
    return files;
  }

  /**
   * Translates a glob as Prosody's {@code glob_to_pattern} does: {@code *} is any run, {@code ?}
   * one character.
   */
  private static Pattern globToRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
