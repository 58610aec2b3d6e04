package org.prosodyaccounts.store;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Optional;
import java.util.Set;

/**
 * The owner, group and modes that new files and folders in a data directory get.
 *
 * <p>prosodyctl, run as root, switches to the {@code prosody} user and sets umask 027, so what it
 * creates is {@code prosody:prosody} with mode 0640 for files and 0750 for folders. This class
 * gives the same result without switching users: when the process runs as root, everything it
 * creates is handed to the owner and group of the data directory itself. Run as any other user,
 * files keep that user as owner, as they would under prosodyctl run by that user.
 */
public final class Ownership {

  /** Mode 0640: the owner reads and writes, the group reads, others get nothing. */
  public static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r-----");

  /** Mode 0750: the owner has all rights, the group lists and enters, others get nothing. */
  public static final Set<PosixFilePermission> DIRECTORY_MODE =
      PosixFilePermissions.fromString("rwxr-x---");

  private final UserPrincipal owner;
  private final GroupPrincipal group;

  private Ownership(UserPrincipal owner, GroupPrincipal group) {
    this.owner = owner;
    this.group = group;
  }

  /**
   * Returns the ownership for new entries under {@code dataPath}: the data directory's owner and
   * group when this process runs as root, or the process's own otherwise.
   */
  public static Ownership forDataDirectory(Path dataPath) throws IOException {
    if (!isRoot()) {
      return new Ownership(null, null);
    }
    PosixFileAttributes attributes = Files.readAttributes(dataPath, PosixFileAttributes.class);
    return new Ownership(attributes.owner(), attributes.group());
  }

  /**
   * Returns the ownership that prosodyctl gives when it runs as root: it switches to the user
   * {@code user} and the group {@code group}. Run as any other user, entries keep the process's
   * own owner.
   *
   * @throws DataDirectoryException if the user or the group does not exist
   */
  public static Ownership forUser(Path dataPath, String user, String group) throws IOException {
    if (!isRoot()) {
      return new Ownership(null, null);
    }
    UserPrincipalLookupService lookup = dataPath.getFileSystem().getUserPrincipalLookupService();
    try {
      return new Ownership(lookup.lookupPrincipalByName(user), lookup.lookupPrincipalByGroupName(group));
    } catch (UserPrincipalNotFoundException e) {
      throw new DataDirectoryException(
          dataPath,
          "the user or group \"" + e.getName() + "\" that should own Prosody's files does not exist: create it,"
              + " or set prosody_user and prosody_group in Prosody's configuration",
          e);
    }
  }

  /** Returns true when the effective user of this process is root (uid 0). */
  public static boolean isRoot() {
    return currentUid() == 0;
  }

  /** Returns the numeric user id of this process. */
  public static long currentUid() {
    return new UnixSystem().getUid();
  }

  /** Returns the name and uid of this process's user, as error messages show it. */
  public static String describeCurrentUser() {
    return System.getProperty("user.name", "?") + " (uid " + currentUid() + ")";
  }

  /** Returns the owner that new entries get, or empty when they keep the process's own. */
  public Optional<UserPrincipal> owner() {
    return Optional.ofNullable(owner);
  }

  /** Returns the group that new entries get, or empty when they keep the process's own. */
  public Optional<GroupPrincipal> group() {
    return Optional.ofNullable(group);
  }

  /**
   * Sets the mode, and when running as root the owner and group, through a view opened without
   * following links, so that a link planted in place of the entry is never changed.
   */
  void apply(PosixFileAttributeView view, Set<PosixFilePermission> mode) throws IOException {
    if (group != null) {
      view.setGroup(group);
    }
    if (owner != null) {
      view.setOwner(owner);
    }
    // The mode is set after the owner because chown(2) clears set-id bits, and explicitly
    // because the umask may have removed bits at creation.
    view.setPermissions(mode);
  }

  /** Applies {@link #apply} to a path that this process has just created. */
  void apply(Path path, Set<PosixFilePermission> mode) throws IOException {
    PosixFileAttributeView view =
        Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    apply(view, mode);
  }

  /** Describes a path's owner, group and mode for error messages, such as {@code prosody:prosody 0750}. */
  public static String describe(Path path) {
    try {
      PosixFileAttributes attributes =
          Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return "owner "
          + attributes.owner().getName()
          + ":"
          + attributes.group().getName()
          + ", mode "
          + octal(attributes.permissions());
    } catch (IOException | UnsupportedOperationException e) {
      return "owner and mode unknown";
    }
  }

  /** Formats permissions as a four-digit octal mode such as {@code 0640}. */
  public static String octal(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission permission : permissions) {
      mode |= 1 << (8 - permission.ordinal());
    }
    return String.format("0%03o", mode);
  }
}
