package org.prosodyaccounts;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.prosodyaccounts.ApplyReport.Action;
import org.prosodyaccounts.ApplyReport.Item;
import org.prosodyaccounts.ApplyReport.Kind;
import org.prosodyaccounts.ManifestDraft.Position;
import org.prosodyaccounts.auth.AuthSettings;
import org.prosodyaccounts.lua.LuaTable;
import org.prosodyaccounts.prep.InvalidJidException;
import org.prosodyaccounts.store.FolderSyncs;

/**
 * Applies a {@link Manifest} in two phases. The first reads without writing. It looks up every
 * host, reads every existing record of the manifest's accounts so that a corrupt one stops the
 * apply here, lists the accounts to prune, and finds the accounts that roster subscriptions need.
 * It collects every host and roster problem before it throws. The second writes accounts (on every
 * core, through {@link BulkImport#writeInParallel}), roles, rosters and prunes, in that order.
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

  static ApplyReport run(ProsodyAccounts store, Manifest manifest, HostSettingsLookup lookup, Consumer<Item> listener)
      throws ManifestException, IOException {
    if (manifest.validItemsOnly()) {
      throw new IllegalArgumentException("invalid manifest: it contains only the valid items of a rejected"
          + " manifest; fix the problems and read or build the manifest again");
    }
    ManifestApply apply = new ManifestApply(store, manifest);
    List<ManifestProblem> problems = apply.check(lookup);
    if (!problems.isEmpty()) {
      throw new ManifestException(problems);
    }
    return apply.write(listener);
  }

  /** Returns the host and roster problems of {@code manifest}, without writing. */
  static List<ManifestProblem> problems(ProsodyAccounts store, Manifest manifest, HostSettingsLookup lookup)
      throws IOException {
    return new ManifestApply(store, manifest).check(lookup);
  }

  private List<ManifestProblem> check(HostSettingsLookup lookup) throws IOException {
    List<ManifestProblem> problems = new ArrayList<>();
    for (Manifest.Host host : manifest.hosts()) {
      AuthSettings settings;
      try {
        settings = lookup.settings(host.name());
      } catch (HostRejectedException e) {
        Position position = manifest.hostPosition(host.name());
        problems.add(new ManifestProblem(ManifestProblem.Kind.HOST, position.path(), host.name(), position.line(),
            position.column(), e.getMessage()));
        continue;
      }
      HostAccounts accounts = hostAccounts(host.name(), settings).withTimestamps(lookup.timestamps(host.name()));
      hosts.put(host.name(), accounts);
    }
    for (Manifest.Host host : manifest.hosts()) {
      HostAccounts accounts = hosts.get(host.name());
      if (accounts == null) {
        continue;
      }
      for (Manifest.Account account : host.accounts()) {
        record(accounts, account.user());
      }
      if (host.prune()) {
        List<String> extra = new ArrayList<>();
        for (String user : accounts.list().users()) {
          // An account with a problem of its own is listed too, and is not pruned.
          if (manifest.accountPosition(accounts.jid(user)).isEmpty()) {
            extra.add(user);
          }
        }
        pruned.put(host.name(), extra);
      }
    }

    // Items of the wrong form were left out, so a roster's account may be one of them.
    if (manifest.complete()) {
      for (int i = 0; i < manifest.rosters().size(); i++) {
        Manifest.Subscription subscription = manifest.rosters().get(i);
        Position position = manifest.rosterPosition(i);
        checkRosterAccount(subscription.contact(), "contact", position, problems);
        if (subscription.user().contains("@")) {
          checkRosterAccount(subscription.user(), "user", position, problems);
        }
      }
    }
    problems.sort(ManifestProblem.MANIFEST_ORDER);
    return problems;
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

  private ApplyReport write(Consumer<Item> listener) throws IOException {
    List<Item> items = new ArrayList<>();
    items.addAll(ensureAccounts(listener));
    for (Manifest.Host host : manifest.hosts()) {
      HostAccounts accounts = hosts.get(host.name());
      for (Manifest.Account account : host.accounts()) {
        if (account.role().isPresent()) {
          boolean changed = setRole(accounts, account.user(), account.role().get());
          add(items, new Item(Kind.ROLE, accounts.jid(account.user()), account.role(),
              changed ? Action.CHANGED : Action.UNCHANGED), listener);
        }
      }
    }
    for (Manifest.Subscription subscription : manifest.rosters()) {
      List<String> changed = subscribe(subscription);
      add(items, new Item(Kind.ROSTER, subscription.contact(), Optional.of(subscription.user()),
          changed.isEmpty() ? Action.UNCHANGED : Action.CHANGED), listener);
    }
    for (Map.Entry<String, List<String>> entry : pruned.entrySet()) {
      HostAccounts accounts = hosts.get(entry.getKey());
      for (String user : entry.getValue()) {
        if (delete(accounts, user)) {
          add(items, new Item(Kind.PRUNE, accounts.jid(user), Optional.empty(), Action.DELETED), listener);
        }
      }
    }
    return new ApplyReport(items);
  }

  private static void add(List<Item> items, Item item, Consumer<Item> listener) {
    items.add(item);
    listener.accept(item);
  }

  /**
   * Ensures every account on every core, because PBKDF2 takes nearly all the time, and passes each
   * item to {@code listener} in manifest order as soon as it and the ones before it are done.
   */
  private List<Item> ensureAccounts(Consumer<Item> listener) throws IOException {
    List<HostAccounts> owners = new ArrayList<>();
    List<Manifest.Account> accounts = new ArrayList<>();
    for (Manifest.Host host : manifest.hosts()) {
      for (Manifest.Account account : host.accounts()) {
        owners.add(hosts.get(host.name()));
        accounts.add(account);
      }
    }
    return BulkImport.writeInParallel(
        accounts.size(),
        Runtime.getRuntime().availableProcessors(),
        (index, syncs) -> {
          HostAccounts owner = owners.get(index);
          Manifest.Account account = accounts.get(index);
          HostAccounts.EnsureResult result = ensure(owner, account, syncs);
          return new Item(Kind.ACCOUNT, owner.jid(account.user()), Optional.empty(), accountAction(result));
        },
        index -> "ensuring " + owners.get(index).jid(accounts.get(index).user()),
        done -> {},
        (index, item) -> listener.accept(item));
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

  private static HostAccounts.EnsureResult ensure(HostAccounts accounts, Manifest.Account account, FolderSyncs syncs)
      throws IOException {
    try {
      return accounts.ensure(account.user(), account.password(), syncs);
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
