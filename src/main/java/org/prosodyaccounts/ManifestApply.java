package org.prosodyaccounts;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.prosodyaccounts.ApplyReport.Action;
import org.prosodyaccounts.ApplyReport.Item;
import org.prosodyaccounts.ApplyReport.Kind;
import org.prosodyaccounts.ManifestDraft.Position;
import org.prosodyaccounts.auth.AuthSettings;
import org.prosodyaccounts.lua.LuaTable;
import org.prosodyaccounts.prep.InvalidJidException;

/**
 * Applies a {@link Manifest} in two phases. The first reads without writing. It looks up every
 * host, reads every existing record of the manifest's accounts so that a corrupt one stops the
 * apply here, lists the accounts to prune, and finds the accounts that roster subscriptions need.
 * The second writes accounts, roles, rosters and prunes, in that order.
 *
 * <p>Each file is written atomically by the store. An apply that is interrupted leaves every file
 * old or new, and running it again finishes the job, because each step only writes what differs.
 */
final class ManifestApply {

  private final ProsodyAccounts store;
  private final Manifest manifest;
  private final Map<String, HostAccounts> hosts = new LinkedHashMap<>();
  private final Map<String, List<String>> pruned = new LinkedHashMap<>();

  private ManifestApply(ProsodyAccounts store, Manifest manifest) {
    this.store = store;
    this.manifest = manifest;
  }

  static ApplyReport run(ProsodyAccounts store, Manifest manifest, HostSettingsLookup lookup)
      throws ManifestException, HostRejectedException, IOException {
    ManifestApply apply = new ManifestApply(store, manifest);
    apply.check(lookup);
    return apply.write();
  }

  private void check(HostSettingsLookup lookup) throws ManifestException, HostRejectedException, IOException {
    for (Manifest.Host host : manifest.hosts()) {
      AuthSettings settings = lookup.settings(host.name());
      HostAccounts accounts = hostAccounts(host.name(), settings).withTimestamps(lookup.timestamps(host.name()));
      hosts.put(host.name(), accounts);
    }
    for (Manifest.Host host : manifest.hosts()) {
      HostAccounts accounts = hosts.get(host.name());
      Set<String> listed = new HashSet<>();
      for (Manifest.Account account : host.accounts()) {
        record(accounts, account.user());
        listed.add(account.user());
      }
      if (host.prune()) {
        List<String> extra = new ArrayList<>();
        for (String user : accounts.list().users()) {
          if (!listed.contains(user)) {
            extra.add(user);
          }
        }
        pruned.put(host.name(), extra);
      }
    }

    List<ManifestProblem> problems = new ArrayList<>();
    for (int i = 0; i < manifest.rosters().size(); i++) {
      Manifest.Subscription subscription = manifest.rosters().get(i);
      Position position = manifest.rosterPosition(i);
      checkRosterAccount(subscription.contact(), "contact", position, problems);
      if (subscription.user().contains("@")) {
        checkRosterAccount(subscription.user(), "user", position, problems);
      }
    }
    if (!problems.isEmpty()) {
      throw new ManifestException(problems);
    }
  }

  /** Reports a roster's account that neither the manifest nor the data directory has, or that prune deletes. */
  private void checkRosterAccount(String jid, String field, Position position, List<ManifestProblem> problems)
      throws IOException {
    if (manifest.accountPosition(jid).isPresent()) {
      return;
    }
    int at = jid.indexOf('@');
    String node = jid.substring(0, at);
    String host = jid.substring(at + 1);
    if (pruned.getOrDefault(host, List.of()).contains(node)) {
      problems.add(problem(position, jid, "the " + field + " " + jid + " is deleted by \"prune\" of its host, which"
          + " also deletes its roster: list the account under its host"));
      return;
    }
    if (record(hostAccounts(host, AuthSettings.defaults()), node).isEmpty()) {
      problems.add(problem(position, jid, "the " + field + " " + jid + " has no account, and the manifest does not"
          + " list it: add it under \"hosts\", because Prosody keeps no roster for a missing account"));
    }
  }

  private ApplyReport write() throws IOException {
    List<Item> items = new ArrayList<>();
    for (Manifest.Host host : manifest.hosts()) {
      HostAccounts accounts = hosts.get(host.name());
      for (Manifest.Account account : host.accounts()) {
        HostAccounts.EnsureResult result = ensure(accounts, account);
        items.add(new Item(Kind.ACCOUNT, accounts.jid(account.user()), "", accountAction(result)));
      }
    }
    for (Manifest.Host host : manifest.hosts()) {
      HostAccounts accounts = hosts.get(host.name());
      for (Manifest.Account account : host.accounts()) {
        if (account.role().isPresent()) {
          boolean changed = setRole(accounts, account.user(), account.role().get());
          items.add(new Item(Kind.ROLE, accounts.jid(account.user()), account.role().get(),
              changed ? Action.CHANGED : Action.UNCHANGED));
        }
      }
    }
    for (Manifest.Subscription subscription : manifest.rosters()) {
      List<String> changed = subscribe(subscription);
      items.add(new Item(Kind.ROSTER, subscription.contact(), subscription.user(),
          changed.isEmpty() ? Action.UNCHANGED : Action.CHANGED));
    }
    for (Map.Entry<String, List<String>> entry : pruned.entrySet()) {
      HostAccounts accounts = hosts.get(entry.getKey());
      for (String user : entry.getValue()) {
        if (delete(accounts, user)) {
          items.add(new Item(Kind.PRUNE, accounts.jid(user), "", Action.DELETED));
        }
      }
    }
    return new ApplyReport(items);
  }

  private static Action accountAction(HostAccounts.EnsureResult result) {
    switch (result) {
      case CREATED:
        return Action.CREATED;
      case UPDATED:
        return Action.UPDATED;
      case UNCHANGED:
        return Action.UNCHANGED;
      default:
        throw new AssertionError(result);
    }
  }

  private static HostAccounts.EnsureResult ensure(HostAccounts accounts, Manifest.Account account) throws IOException {
    try {
      return accounts.ensure(account.user(), account.password());
    } catch (InvalidJidException | InvalidPasswordException e) {
      throw new AssertionError("the manifest checked the name and password before", e);
    }
  }

  private static boolean setRole(HostAccounts accounts, String user, String role) throws IOException {
    try {
      return accounts.setRole(user, role);
    } catch (InvalidJidException | NoSuchAccountException e) {
      throw new AssertionError("the account was ensured before its role: " + accounts.jid(user), e);
    }
  }

  private List<String> subscribe(Manifest.Subscription subscription) throws IOException {
    try {
      return store.subscribe(subscription.user(), subscription.contact());
    } catch (InvalidJidException e) {
      throw new AssertionError("the manifest checked the JIDs before", e);
    } catch (NoSuchAccountException e) {
      // The check found the account; only another process can have deleted it since.
      throw new java.nio.file.NoSuchFileException(e.getMessage() + " (deleted during the apply)");
    }
  }

  /** Deletes one pruned account; returns false when another process deleted it first. */
  private static boolean delete(HostAccounts accounts, String user) throws IOException {
    try {
      accounts.delete(user);
      return true;
    } catch (NoSuchAccountException e) {
      return false;
    } catch (InvalidJidException e) {
      throw new AssertionError("listed users are nodeprepped: " + user, e);
    }
  }

  private HostAccounts hostAccounts(String host, AuthSettings settings) {
    HostAccounts accounts = hosts.get(host);
    if (accounts != null) {
      return accounts;
    }
    try {
      return store.host(host, settings);
    } catch (InvalidJidException e) {
      throw new AssertionError("the manifest prepped the host before: " + host, e);
    }
  }

  /** Reads an account's record, so that a corrupt one stops the apply before anything is written. */
  private static Optional<LuaTable> record(HostAccounts accounts, String node) throws IOException {
    try {
      return accounts.record(node);
    } catch (InvalidJidException e) {
      throw new AssertionError("the manifest prepped the user before: " + node, e);
    }
  }

  private static ManifestProblem problem(Position position, String jid, String message) {
    return new ManifestProblem(
        ManifestProblem.Kind.INVALID, position.path(), jid, position.line(), position.column(), message);
  }
}
