package org.prosodyaccounts;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of {@link ProsodyAccounts#apply}, item by item in the order it wrote them: accounts,
 * roles, rosters, then deleted accounts.
 *
 * @param items one entry per account, role, roster subscription and deleted account
 */
public record ApplyReport(List<Item> items) {

  public ApplyReport {
    items = List.copyOf(items);
  }

  /** The subject of an item. */
  public enum Kind {
    /** An account's record, which {@link HostAccounts#ensure} created, updated or left alone. */
    ACCOUNT,
    /** An account's primary role in {@code account_roles}. */
    ROLE,
    /** A roster subscription. */
    ROSTER,
    /** An account that {@code prune} deleted with the user's files in every store of the host. */
    PRUNE
  }

  /** The outcome of an item. */
  public enum Action {
    /** The account did not exist and was created. */
    CREATED,
    /** The account existed with another password, or a record that cannot log in, and was changed. */
    UPDATED,
    /** Nothing was written for the item. */
    UNCHANGED,
    /** The role or roster was written. */
    CHANGED,
    /** The account and the user's files were deleted. */
    DELETED
  }

  /**
   * One item.
   *
   * @param kind what the item is about
   * @param target the account's JID; for a roster, the JID of the account whose roster lists the
   *     subscriber
   * @param detail the role for {@link Kind#ROLE}, the subscriber's JID for {@link Kind#ROSTER},
   *     else empty; the JSON output of {@code apply} shows an empty detail as null
   * @param action what happened
   */
  public record Item(Kind kind, String target, Optional<String> detail, Action action) {
    public Item {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(detail, "detail");
      Objects.requireNonNull(action, "action");
    }
  }

  /** Returns the number of items of {@code kind} with {@code action}. */
  public long count(Kind kind, Action action) {
    return items.stream().filter(item -> item.kind() == kind && item.action() == action).count();
  }

  /** Returns the number of items with {@code action}. */
  public long count(Action action) {
    return items.stream().filter(item -> item.action() == action).count();
  }

  /** Returns true when nothing was written. */
  public boolean unchanged() {
    return items.stream().allMatch(item -> item.action() == Action.UNCHANGED);
  }
}
