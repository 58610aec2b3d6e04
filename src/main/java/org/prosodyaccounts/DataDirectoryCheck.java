package org.prosodyaccounts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.prosodyaccounts.auth.AccountRecords;
import org.prosodyaccounts.auth.AuthProvider;
import org.prosodyaccounts.auth.AuthSettings;
import org.prosodyaccounts.auth.RecordKind;
import org.prosodyaccounts.auth.RecordSummary;
import org.prosodyaccounts.lua.LuaTable;
import org.prosodyaccounts.prep.InvalidJidException;
import org.prosodyaccounts.prep.Jid;
import org.prosodyaccounts.store.CorruptFileException;
import org.prosodyaccounts.store.FileStore;
import org.prosodyaccounts.store.NameEncoding;
import org.prosodyaccounts.store.PosixIdentity;

/**
 * Checks a data directory for what keeps Prosody from reading or writing it, exposes secrets,
 * or makes accounts unusable, and gives the fix for each finding. It reads files and changes
 * nothing.
 */
public final class DataDirectoryCheck {

  /** The folder depth of Prosody's data: host, store, then file. */
  private static final int MAX_DEPTH = 3;

  private final Path dataPath;
  private final PosixIdentity prosodyUser;
  private final String owner;
  private final Optional<Set<String>> declaredHosts;
  private final Function<String, Optional<AuthSettings>> hostSettings;
  private final List<Finding> findings = new ArrayList<>();

  private DataDirectoryCheck(
      Path dataPath,
      PosixIdentity prosodyUser,
      String owner,
      Optional<Set<String>> declaredHosts,
      Function<String, Optional<AuthSettings>> hostSettings) {
    this.dataPath = dataPath;
    this.prosodyUser = prosodyUser;
    this.owner = owner;
    this.declaredHosts = declaredHosts;
    this.hostSettings = hostSettings;
  }

  /**
   * Checks the data directory.
   *
   * @param prosodyUser the user Prosody runs as, whose access is checked
   * @param owner the owner for the fixes' {@code chown}, such as {@code prosody:prosody}
   * @param declaredHosts the nameprepped hosts of Prosody's configuration, or empty when no
   *     configuration was read
   * @param hostSettings each host's authentication settings, or empty for a host whose settings
   *     are unknown or whose accounts are not files
   * @return the findings, sorted by path; empty when nothing is wrong
   */
  public static List<Finding> run(
      Path dataPath,
      PosixIdentity prosodyUser,
      String owner,
      Optional<Set<String>> declaredHosts,
      Function<String, Optional<AuthSettings>> hostSettings)
      throws IOException {
    DataDirectoryCheck check = new DataDirectoryCheck(dataPath, prosodyUser, owner, declaredHosts, hostSettings);
    check.checkTree();
    check.checkHosts();
    check.findings.sort(Comparator.comparing(Finding::path).thenComparing(Finding::problem));
    return List.copyOf(check.findings);
  }

  private void checkTree() throws IOException {
    Files.walkFileTree(
        dataPath,
        Set.of(),
        MAX_DEPTH,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
            checkAccess(dir, true);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
            if (attributes.isDirectory()) {
              checkAccess(file, true);
              checkTemporaryFolder(file);
            } else if (attributes.isRegularFile()) {
              checkFile(file);
            } else if (attributes.isSymbolicLink()) {
              add(
                  Problem.LINK,
                  file,
                  "a symbolic link, which this tool never follows in a data directory, and which lets the"
                      + " folder's owner point Prosody elsewhere",
                  "replace it with the folder or file itself: mv the target into its place");
            } else {
              add(
                  Problem.SPECIAL_FILE,
                  file,
                  "a FIFO, socket or device where Prosody keeps folders and files",
                  "remove it: rm '" + file + "'");
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            add(Problem.UNREADABLE, file, "it cannot be read: " + e.getMessage(), "check its owner and mode");
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** Reports a temporary folder that this tool's interrupted write left in a store folder. */
  private void checkTemporaryFolder(Path folder) {
    String name = folder.getFileName().toString();
    if (name.contains(".dat~") || name.contains(".list~")) {
      add(
          Problem.TEMPORARY_FILE,
          folder,
          "a temporary folder left by an interrupted write of this tool",
          "remove it unless a write is running now: rm -r '" + folder + "'");
    }
  }

  private void checkFile(Path file) throws IOException {
    String name = file.getFileName().toString();
    if (name.endsWith("~") || name.contains(".dat~") || name.contains(".list~")) {
      add(
          Problem.TEMPORARY_FILE,
          file,
          "a temporary file left by an interrupted write",
          "remove it unless a write is running now: rm '" + file + "'");
    }
    if (!isDataFile(name)) {
      return;
    }
    checkAccess(file, false);
    int mode = mode(file);
    if ((mode & 04) != 0) {
      add(
          Problem.READABLE_BY_OTHERS,
          file,
          "every user on the machine can read it (mode " + octal(mode) + ")",
          "chmod 0640 '" + file + "'");
    }
  }

  private void checkAccess(Path path, boolean directory) throws IOException {
    int uid = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    int gid = (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    int mode = mode(path);
    String owner = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
    // chown -h changes a link that replaced the entry meanwhile instead of its target, and chmod
    // runs as Prosody's user, who cannot change a root-owned file a link may lead to.
    String fix =
        "chown -h " + this.owner + " '" + path + "' && runuser -u " + prosodyUser.name() + " -- chmod "
            + (directory ? "0750" : "0640") + " '" + path + "'";

    int needed = directory ? 7 : 4;
    if (!prosodyUser.may(uid, gid, mode, needed)) {
      add(
          directory ? Problem.NOT_WRITABLE : Problem.UNREADABLE,
          path,
          prosodyUser + " cannot " + (directory ? "write files in it" : "read it") + " (owner " + owner + ", mode "
              + octal(mode) + ")",
          fix);
    } else if (uid == 0 && prosodyUser.uid() != 0) {
      add(
          Problem.ROOT_OWNED,
          path,
          "it belongs to root, not to " + prosodyUser.name() + ", so Prosody " + (directory ? "cannot change its mode" : "cannot rewrite it in place"),
          fix);
    }
  }

  private void checkHosts() throws IOException {
    try (DirectoryStream<Path> hosts = Files.newDirectoryStream(dataPath)) {
      for (Path hostDirectory : hosts) {
        Path accounts = hostDirectory.resolve(HostAccounts.ACCOUNTS_STORE);
        if (Files.isDirectory(hostDirectory, LinkOption.NOFOLLOW_LINKS)
            && Files.isDirectory(accounts, LinkOption.NOFOLLOW_LINKS)) {
          checkAccounts(decode(hostDirectory.getFileName().toString()), accounts);
        }
      }
    }
  }

  private void checkAccounts(String host, Path accounts) throws IOException {
    if (declaredHosts.isPresent() && !declaredHosts.get().contains(host)) {
      add(
          Problem.UNDECLARED_HOST,
          accounts,
          "host " + host + " is not in Prosody's configuration, so Prosody never uses these accounts",
          "add the host to the configuration, or remove the folder if it is left over");
    }
    Optional<AuthSettings> settings = hostSettings.apply(host);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(accounts, "*" + FileStore.DAT)) {
      for (Path file : files) {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          checkAccountName(file);
          checkRecord(file, settings);
        }
      }
    }
  }

  private void checkAccountName(Path file) {
    String fileName = file.getFileName().toString();
    String stem = fileName.substring(0, fileName.length() - FileStore.DAT.length());
    String user = decode(stem);
    String expected;
    try {
      expected = NameEncoding.encode(Jid.prepareNode(user, false)) + FileStore.DAT;
    } catch (InvalidJidException e) {
      add(
          Problem.UNLOADABLE_NAME,
          file,
          "its name decodes to \"" + user + "\", which is not a valid user name, so no login can reach it",
          "remove it, or rename it to the encoded name of the intended user");
      return;
    }
    if (!expected.equals(fileName)) {
      add(
          Problem.UNLOADABLE_NAME,
          file,
          "Prosody looks this account up as " + expected + ", so it never loads this file",
          "mv '" + file + "' '" + file.resolveSibling(expected) + "' (if that file does not exist yet)");
    }
  }

  private void checkRecord(Path file, Optional<AuthSettings> settings) throws IOException {
    LuaTable record;
    try {
      Optional<LuaTable> loaded = FileStore.loadFile(file, HostAccounts.MAX_RECORD_BYTES);
      if (loaded.isEmpty()) {
        return;
      }
      record = loaded.get();
    } catch (CorruptFileException e) {
      add(
          Problem.CORRUPT_RECORD,
          file,
          "it is not valid Prosody data: " + e.reason() + (e.line() > 0 ? " (line " + e.line() + ")" : ""),
          "repair it or restore it from a backup, or set the password again to replace it");
      return;
    } catch (IOException e) {
      return; // Access problems are reported by the tree walk.
    }
    if (settings.isEmpty()) {
      return;
    }

    RecordSummary summary = AccountRecords.describe(record);
    AuthProvider provider = settings.get().provider();
    if (provider == AuthProvider.INTERNAL_PLAIN && summary.kind() == RecordKind.HASHED) {
      add(
          Problem.HASHED_ON_PLAIN_HOST,
          file,
          "a hashed record on an internal_plain host can never log in",
          "set the password again with this tool, or switch the host to internal_hashed");
    } else if (provider == AuthProvider.INTERNAL_HASHED && summary.kind() == RecordKind.PLAIN) {
      add(
          Problem.PLAIN_ON_HASHED_HOST,
          file,
          "the password is stored in clear text; Prosody hashes it at the next login",
          "set the password again with this tool to hash it now");
    } else {
      Optional<String> unusable = AccountRecords.unusableReason(record, settings.get());
      unusable.ifPresent(
          reason ->
              add(
                  Problem.UNUSABLE_RECORD,
                  file,
                  "the record cannot log in with the host's settings (" + provider.configName() + ", "
                      + settings.get().hash().configName() + "): " + reason,
                  "set the password again with this tool"));
    }
  }

  private void add(Problem problem, Path path, String detail, String fix) {
    findings.add(new Finding(problem, path, detail, fix));
  }

  private static boolean isDataFile(String name) {
    return name.endsWith(".dat") || name.endsWith(".list") || name.endsWith(".lidx");
  }

  private static String decode(String stem) {
    return new String(NameEncoding.decode(stem), StandardCharsets.UTF_8);
  }

  private static int mode(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  private static String octal(int mode) {
    return String.format("0%03o", mode & 0777);
  }

  /** The kind of problem a finding reports. */
  public enum Problem {
    /** A folder Prosody's user cannot list or write temporary files in. */
    NOT_WRITABLE,
    /** A data file Prosody's user cannot read. */
    UNREADABLE,
    /** A folder or file owned by root, which Prosody cannot replace or, at mode 0600, read. */
    ROOT_OWNED,
    /** A data file every user on the machine can read. */
    READABLE_BY_OTHERS,
    /** A temporary file left by an interrupted write. */
    TEMPORARY_FILE,
    /** An account file whose name is not the lowercase encoding of a nodeprepped user name. */
    UNLOADABLE_NAME,
    /** An account file that is not valid Prosody data. */
    CORRUPT_RECORD,
    /** A hashed record on an internal_plain host. */
    HASHED_ON_PLAIN_HOST,
    /** A clear-text record on an internal_hashed host. */
    PLAIN_ON_HASHED_HOST,
    /** A record that cannot log in with the host's settings for another reason, such as a key length that does not fit the hash. */
    UNUSABLE_RECORD,
    /** An accounts folder for a host that the configuration does not declare. */
    UNDECLARED_HOST,
    /** A symbolic link in the data directory. */
    LINK,
    /** A FIFO, socket or device in the data directory. */
    SPECIAL_FILE
  }

  /**
   * One problem found.
   *
   * @param problem what kind of problem it is
   * @param path the folder or file
   * @param detail what is wrong, in a sentence
   * @param fix a command or step that fixes it
   */
  public record Finding(Problem problem, Path path, String detail, String fix) {}
}
