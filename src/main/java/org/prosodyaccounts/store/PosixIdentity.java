package org.prosodyaccounts.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A user as the kernel checks file access for it: a uid and the gids of its groups.
 *
 * @param name the user name, or the uid as text when it has no name
 * @param uid the user id
 * @param gids the primary group and the supplementary groups
 */
public record PosixIdentity(String name, int uid, Set<Integer> gids) {

  private static final Path PASSWD = Path.of("/etc/passwd");
  private static final Path GROUP = Path.of("/etc/group");

  public PosixIdentity {
    gids = Set.copyOf(gids);
  }

  /**
   * Looks a user up by name in {@code /etc/passwd} and {@code /etc/group}.
   *
   * @return the user, or empty when there is no such user or the files cannot be read
   */
  public static Optional<PosixIdentity> lookup(String user) {
    try {
      for (String line : Files.readAllLines(PASSWD, StandardCharsets.UTF_8)) {
        String[] fields = line.split(":", -1);
        if (fields.length >= 4 && fields[0].equals(user)) {
          Set<Integer> gids = new HashSet<>();
          gids.add(Integer.parseInt(fields[3]));
          gids.addAll(supplementaryGroups(user));
          return Optional.of(new PosixIdentity(user, Integer.parseInt(fields[2]), gids));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** Returns the identity of the owner and group of {@code path}, as far as the owner's groups go. */
  public static PosixIdentity ownerOf(Path path) throws IOException {
    int uid = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    int gid = (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    String name = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
    Set<Integer> gids = new HashSet<>(lookup(name).map(PosixIdentity::gids).orElse(Set.of()));
    gids.add(gid);
    return new PosixIdentity(name, uid, gids);
  }

  private static List<Integer> supplementaryGroups(String user) throws IOException {
    List<Integer> gids = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(GROUP, StandardCharsets.UTF_8)) {
      String[] fields = line.split(":", -1);
      if (fields.length >= 4 && List.of(fields[3].split(",")).contains(user)) {
        gids.add(Integer.parseInt(fields[2]));
      }
    }
    return gids;
  }

  /**
   * Returns true when this user may access an entry with the given owner, group and mode, by the
   * kernel's rule. Root may always read and write. Otherwise the owner bits apply to the owner,
   * the group bits to members of the group, and the other bits to everyone else.
   *
   * @param mode the permission bits, such as {@code 0640}
   * @param access the bits asked for, as for others: 4 read, 2 write, 1 execute
   */
  public boolean may(int ownerUid, int groupGid, int mode, int access) {
    if (uid == 0) {
      return true;
    }
    int granted;
    if (uid == ownerUid) {
      granted = (mode >> 6) & 7;
    } else if (gids.contains(groupGid)) {
      granted = (mode >> 3) & 7;
    } else {
      granted = mode & 7;
    }
    return (granted & access) == access;
  }

  @Override
  public String toString() {
    return name + " (uid " + uid + ")";
  }
}
