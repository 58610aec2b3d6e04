package org.prosodyaccounts;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.prosodyaccounts.lua.LuaBoolean;
import org.prosodyaccounts.lua.LuaData;
import org.prosodyaccounts.lua.LuaInteger;
import org.prosodyaccounts.lua.LuaString;
import org.prosodyaccounts.lua.LuaTable;
import org.prosodyaccounts.prep.InvalidJidException;
import org.prosodyaccounts.prep.Jid;
import org.prosodyaccounts.store.FileStore;

/**
 * Roster changes as Prosody's {@code core/rostermanager.lua} makes them, for subscriptions that
 * Jitsi's {@code mod_roster_command subscribe} creates.
 *
 * <p>A roster is the keyval record {@code roster/<user>.dat}: the entry {@code [false]} contains
 * {@code version} and {@code pending}, and each contact's bare JID maps to
 * {@code {subscription, groups, ask?, name?}}. Every save raises {@code version} by one, unless it
 * is {@code true}. Prosody writes no roster for a user without an account, and caches rosters
 * while it runs, so a running server does not see a change until it reloads the roster.
 */
final class Rosters {

  static final String ROSTER_STORE = "roster";

  /**
   * Prosody saves a roster twice for one new subscription: the pending request, then its
   * approval ({@code set_contact_pending_in} and {@code subscribed} on the contact's side,
   * {@code set_contact_pending_out} and {@code process_inbound_subscription_approval} on the
   * user's).
   */
  private static final int SAVES_PER_SUBSCRIPTION = 2;

  private final FileStore store;

  Rosters(FileStore store) {
    this.store = store;
  }

  /**
   * Makes {@code user} subscribed to {@code contact}'s presence, as {@code mod_roster_command
   * subscribe USER CONTACT} does: the contact's roster gets the user with subscription
   * {@code from} (or {@code both}), and when the user is an account rather than a bare component
   * host, the user's roster gets the contact with {@code to} (or {@code both}).
   *
   * @return the rosters changed, as {@code user@host}; empty when the subscription already existed
   * @throws NoSuchAccountException if the contact, or the user when it has a user part, has no
   *     account, where Prosody would silently write nothing
   */
  List<String> subscribe(Jid user, Jid contact) throws IOException, NoSuchAccountException {
    requireAccount(contact);
    if (user.node() != null) {
      requireAccount(user);
    }
    List<String> changed = new ArrayList<>();
    String userJid = bare(user);
    String contactJid = bare(contact);

    LuaTable contactRoster = load(contact);
    LuaTable item = contactRoster.get(userJid).filter(LuaTable.class::isInstance).map(LuaTable.class::cast).orElse(null);
    String current = item == null ? "none" : subscription(item);
    if (!current.equals("from") && !current.equals("both")) {
      if (item == null) {
        item = newItem();
        contactRoster.put(userJid, item);
      }
      item.put("subscription", current.equals("to") ? "both" : "from");
      pending(contactRoster).remove(userJid);
      save(contact, contactRoster, SAVES_PER_SUBSCRIPTION);
      changed.add(bare(contact));
    }

    if (user.node() != null) {
      LuaTable userRoster = load(user);
      LuaTable userItem =
          userRoster.get(contactJid).filter(LuaTable.class::isInstance).map(LuaTable.class::cast).orElse(null);
      String userCurrent = userItem == null ? "none" : subscription(userItem);
      if (!userCurrent.equals("to") && !userCurrent.equals("both")) {
        if (userItem == null) {
          userItem = newItem();
          userRoster.put(contactJid, userItem);
        }
        userItem.put("subscription", userCurrent.equals("from") ? "both" : "to");
        userItem.remove("ask");
        save(user, userRoster, SAVES_PER_SUBSCRIPTION);
        changed.add(userJid);
      }
    }
    return changed;
  }

  /** Returns the roster of an account, with the {@code [false]} metadata entry as Prosody loads it. */
  Optional<LuaTable> roster(Jid account) throws IOException {
    return store.load(account.host(), ROSTER_STORE, account.node());
  }

  private void requireAccount(Jid account) throws IOException, NoSuchAccountException {
    if (account.node() == null || store.load(account.host(), HostAccounts.ACCOUNTS_STORE, account.node()).isEmpty()) {
      throw new NoSuchAccountException(bare(account));
    }
  }

  private LuaTable load(Jid account) throws IOException {
    LuaTable roster = store.load(account.host(), ROSTER_STORE, account.node()).orElseGet(LuaTable::new);
    LuaTable meta =
        roster.get(LuaBoolean.FALSE).filter(LuaTable.class::isInstance).map(LuaTable.class::cast).orElse(null);
    if (meta == null) {
      meta = new LuaTable();
      roster.put(LuaBoolean.FALSE, meta);
    }
    if (!(meta.get("pending").orElse(null) instanceof LuaTable)) {
      meta.put("pending", new LuaTable());
    }
    return roster;
  }

  /**
   * Saves the roster once, with the version Prosody leaves after {@code saves} saves: 2 after a
   * first subscription.
   */
  private void save(Jid account, LuaTable roster, int saves) throws IOException {
    LuaTable meta = (LuaTable) roster.get(LuaBoolean.FALSE).orElseThrow();
    Optional<LuaData> version = meta.get("version");
    if (!version.equals(Optional.of(LuaBoolean.TRUE))) {
      long previous = version.filter(LuaInteger.class::isInstance).map(v -> ((LuaInteger) v).value()).orElse(0L);
      meta.put("version", LuaInteger.of(previous + saves));
    }
    store.save(account.host(), ROSTER_STORE, account.node(), roster);
  }

  private static LuaTable pending(LuaTable roster) {
    return (LuaTable) ((LuaTable) roster.get(LuaBoolean.FALSE).orElseThrow()).get("pending").orElseThrow();
  }

  private static LuaTable newItem() {
    return new LuaTable().put("subscription", "none").put("groups", new LuaTable());
  }

  private static String subscription(LuaTable item) {
    return item.getString("subscription").map(LuaString::toString).orElse("none");
  }

  private static String bare(Jid jid) {
    return jid.node() == null ? jid.host() : jid.node() + "@" + jid.host();
  }

  /** Parses and preps a JID for a roster command; a resource is not allowed. */
  static Jid parse(String text) throws InvalidJidException {
    return Jid.parsePrepped(text);
  }
}
