package org.prosodyaccounts.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.prosodyaccounts.HostAccounts;
import org.prosodyaccounts.ProsodyAccounts;
import org.prosodyaccounts.store.NameEncoding;

/**
 * Deleting accounts with {@code deluser} and {@code unregister}: the server then rejects the
 * login, and the user's files in the host's other stores (roster, vCard, offline messages), which
 * the server wrote, are gone, as real prosodyctl leaves a twin account deleted beside it.
 */
class DeleteAccountIT {

  private static final List<VirtualHost> HOSTS = List.of(VirtualHost.hashedSha1("hashed.test"), VirtualHost.plain("plain.test"));

  @RegisterExtension static final ProsodyServers SERVERS = new ProsodyServers(HOSTS);

  private static final String PASSWORD = "Delete \"me\" ü";

  /** How an account is deleted. */
  private enum Deletion {
    CLI_DELUSER("CLI deluser", "Del.User"),
    CLI_UNREGISTER("CLI unregister", "del-unregister"),
    PROSODYCTL_DELUSER("prosodyctl deluser", "del_prosodyctl");

    final String label;
    final String user;

    Deletion(String label, String user) {
      this.label = label;
      this.user = user;
    }
  }

  @ParameterizedTest
  @EnumSource(ProsodyRelease.class)
  void deletedAccountsLoseLoginAndStores(ProsodyRelease release) throws Exception {
    ProsodyInstance server = SERVERS.running(release);
    ScenarioChecks checks = new ScenarioChecks(Scenario.DELETION, release);
    ProsodyAccounts accounts = ProsodyAccounts.open(server.dataPath());

    for (VirtualHost host : HOSTS) {
      HostAccounts library = accounts.host(host.name(), host.settings()).withTimestamps(release.is13());
      Path hostDirectory = server.dataPath().resolve(NameEncoding.encode(host.name()));
      String keeper = "keeper";
      library.register(keeper, PASSWORD);
      for (Deletion deletion : Deletion.values()) {
        library.register(deletion.user, PASSWORD);
      }
      for (Deletion deletion : Deletion.values()) {
        fillStores(server, host, deletion.user, keeper);
      }
      fillStores(server, host, keeper, Deletion.CLI_DELUSER.user);

      String prepped = "del.user";
      List<String> expectedStores = new ArrayList<>(List.of("accounts", "offline", "roster", "vcard"));
      List<String> keeperBefore = userFiles(hostDirectory, keeper);
      List<List<String>> before = new ArrayList<>();
      for (Deletion deletion : Deletion.values()) {
        String node = deletion == Deletion.CLI_DELUSER ? prepped : deletion.user;
        before.add(userFiles(hostDirectory, node));
      }
      checks.fact("files of a user with a roster, a vCard and offline messages", String.join(", ", relative(before.get(0))));
      checks.check("before deletion, every user has files in accounts, offline, roster and vcard: " + host, () -> {
        for (List<String> files : before) {
          assertEquals(expectedStores, stores(files), () -> checks.describe(null, hostDirectory) + ": " + files);
        }
      });

      for (Deletion deletion : Deletion.values()) {
        String node = deletion == Deletion.CLI_DELUSER ? prepped : deletion.user;
        Path file = library.accountFile(node);
        checks.check(deletion.label + ": exits 0 and removes the user's files from every store, folders stay: " + host,
            () -> {
              CommandResult result = delete(server, host, deletion);
              assertEquals(0, result.exitCode(), () -> checks.describe(null, file) + ": " + result + server.logTail());
              assertEquals(List.of(), userFiles(hostDirectory, node), () -> checks.describe(null, hostDirectory));
              for (String store : expectedStores) {
                assertTrue(Files.isDirectory(hostDirectory.resolve(store)),
                    () -> checks.describe(null, hostDirectory.resolve(store)) + ": the store folder was removed");
              }
            });
        for (Mechanism mechanism : host.mechanisms()) {
          Logins.expect(checks, deletion.label + ": the server rejects the deleted account's login: " + host, server,
              host.name(), deletion.user, PASSWORD, mechanism, Logins.NOT_AUTHORIZED, file);
        }
      }

      checks.check("every deletion leaves the other user's files: " + host, () -> {
        assertEquals(keeperBefore, userFiles(hostDirectory, keeper), () -> checks.describe(null, hostDirectory));
      });
      for (Mechanism mechanism : host.mechanisms()) {
        Logins.expectRightAndWrong(checks, "the other user still logs in: " + host, server, host.name(), keeper, PASSWORD,
            PASSWORD + "x", mechanism, library.accountFile(keeper));
      }
    }
    checks.assertAllPassed();
  }

  /**
   * Gives {@code user} a roster entry and a vCard through its own session, and an offline message
   * from {@code sender}, so that the server writes the user's files in three more stores.
   */
  private static void fillStores(ProsodyInstance server, VirtualHost host, String user, String sender)
      throws IOException, InterruptedException {
    Mechanism mechanism = host.mechanisms().get(1);
    try (XmppClient.Session session = XmppClient.open(server, host.name(), user, PASSWORD, mechanism)) {
      session.addContact(sender + "@" + host.name(), "Contact of " + user);
      session.saveVCard("Nick of " + user);
    }
    try (XmppClient.Session session = XmppClient.open(server, host.name(), sender, PASSWORD, mechanism)) {
      session.sendMessage(user + "@" + host.name(), "Offline message for " + user + " ü 😀");
      // The ping's reply comes after the server has stored the message offline.
      session.roundTrip();
    }
  }

  private static CommandResult delete(ProsodyInstance server, VirtualHost host, Deletion deletion)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("--data-path", server.dataPath().toString()));
    args.addAll(host.cliOptions());
    switch (deletion) {
      case CLI_DELUSER:
        args.addAll(List.of("deluser", deletion.user + "@" + host.name()));
        return ToolCli.run("", args);
      case CLI_UNREGISTER:
        args.addAll(List.of("unregister", deletion.user, host.name()));
        return ToolCli.run("", args);
      default:
        return server.prosodyctl("", "deluser", deletion.user + "@" + host.name());
    }
  }

  /** Returns the files of {@code node} in every store of the host, as {@code store/file}, sorted. */
  private static List<String> userFiles(Path hostDirectory, String node) throws IOException {
    String stem = NameEncoding.encode(node);
    TreeSet<String> files = new TreeSet<>();
    try (Stream<Path> stores = Files.list(hostDirectory)) {
      for (Path store : stores.filter(Files::isDirectory).toList()) {
        for (String extension : List.of(".dat", ".list", ".lidx")) {
          if (Files.exists(store.resolve(stem + extension))) {
            files.add(store.getFileName() + "/" + stem + extension);
          }
        }
      }
    }
    return List.copyOf(files);
  }

  private static List<String> stores(List<String> files) {
    return files.stream().map(f -> f.substring(0, f.indexOf('/'))).distinct().sorted().toList();
  }

  private static List<String> relative(List<String> files) {
    return files.stream().map(f -> f.replaceFirst("/[^/]*\\.", "/USER.")).toList();
  }
}
