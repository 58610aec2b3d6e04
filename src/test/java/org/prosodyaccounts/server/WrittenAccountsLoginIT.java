package org.prosodyaccounts.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.prosodyaccounts.HostAccounts;
import org.prosodyaccounts.ProsodyAccounts;

/**
 * Accounts written by the library and by {@code bin/prosody-accounts} log in to real Prosody with
 * every mechanism the host offers, and a wrong password is rejected.
 */
class WrittenAccountsLoginIT {

  private static final List<VirtualHost> HOSTS =
      List.of(VirtualHost.hashedSha1("hashed.test"), VirtualHost.hashedSha256("sha256.test"), VirtualHost.plain("plain.test"));

  @RegisterExtension static final ProsodyServers SERVERS = new ProsodyServers(HOSTS);

  /** One account: upper case, dots, hyphens, underscores and non-ASCII in names; hard passwords. */
  private record Account(String user, String password) {}

  private static final List<Account> ACCOUNTS =
      List.of(
          new Account("Focus", "S3cret"),
          new Account("john.doe", "q\"u'o\\te b\\\\s"),
          new Account("jibri-recorder", "with space # @ $ &"),
          new Account("jvb_bridge", "crème brûlée ∑ 日本"),
          new Account("Élodie", "emoji 😀 and 🎉"),
          new Account("Ünï.code-X_y", "#@$&\"'\\ Ümlaut ß"));

  /** The empty password, which prosodyctl accepts and writes like any other. */
  private static final Account EMPTY_PASSWORD = new Account("Empty.Pass", "");

  /** Who wrote an account. */
  private enum Writer {
    LIBRARY("library", ""),
    CLI("CLI", ".cli");

    final String label;
    final String userSuffix;

    Writer(String label, String userSuffix) {
      this.label = label;
      this.userSuffix = userSuffix;
    }
  }

  @ParameterizedTest
  @EnumSource(ProsodyRelease.class)
  void hostsOfferExpectedMechanisms(ProsodyRelease release) throws Exception {
    ProsodyInstance server = SERVERS.running(release);
    ScenarioChecks checks = new ScenarioChecks(Scenario.WRITTEN_ACCOUNTS, release);

    for (VirtualHost host : HOSTS) {
      List<String> offered = XmppClient.offeredMechanisms(server, host.name());
      checks.fact("mechanisms offered on " + host + " without TLS", String.join(", ", new TreeSet<>(offered)));
      checks.check("offers PLAIN and its SCRAM mechanisms: " + host, () -> {
        Set<String> relevant = new TreeSet<>(offered);
        // 13's mod_tokenauth adds OAUTHBEARER, which no account file is involved in.
        relevant.remove("OAUTHBEARER");
        Set<String> expected = new TreeSet<>();
        host.mechanisms().forEach(m -> expected.add(m.saslName()));
        assertEquals(expected, relevant, checks.describe(null, server.configFile()) + ": mechanisms of " + host);
      });
    }
    checks.assertAllPassed();
  }

  @ParameterizedTest
  @EnumSource(ProsodyRelease.class)
  void writtenAccountsLogInWithEveryMechanism(ProsodyRelease release) throws Exception {
    ProsodyInstance server = SERVERS.running(release);
    ScenarioChecks checks = new ScenarioChecks(Scenario.WRITTEN_ACCOUNTS, release);
    ProsodyAccounts accounts = ProsodyAccounts.open(server.dataPath());

    for (VirtualHost host : HOSTS) {
      HostAccounts library = accounts.host(host.name(), host.settings()).withTimestamps(release.is13());
      for (Account account : ACCOUNTS) {
        library.register(account.user(), account.password());
        registerWithCli(checks, server, host, account.user() + Writer.CLI.userSuffix, account.password());
      }
      library.register(EMPTY_PASSWORD.user(), EMPTY_PASSWORD.password());
      addUserWithCli(checks, server, host, EMPTY_PASSWORD.user() + Writer.CLI.userSuffix, "");

      for (Writer writer : Writer.values()) {
        String written = writer.label + ", " + host;
        for (Account account : ACCOUNTS) {
          String user = account.user() + writer.userSuffix;
          Path file = library.accountFile(user);
          for (Mechanism mechanism : host.mechanisms()) {
            Logins.expectRightAndWrong(checks, written + ": right password logs in, a wrong one is rejected", server,
                host.name(), user, account.password(), account.password() + "x", mechanism, file);
          }
        }

        String user = EMPTY_PASSWORD.user() + writer.userSuffix;
        Path file = library.accountFile(user);
        for (Mechanism mechanism : host.mechanisms()) {
          // Prosody's PLAIN needs a non-empty password in its message and returns malformed-request
          // before it reads the account. SCRAM has no such rule.
          String expected = mechanism == Mechanism.PLAIN ? Logins.MALFORMED_REQUEST : Logins.SUCCESS;
          String observed = Logins.expect(checks, written + ": empty password (PLAIN: malformed-request, SCRAM:"
              + " success)", server, host.name(), user, "", mechanism, expected, file);
          checks.fact("right empty password, " + mechanism, observed);
          Logins.expect(checks, written + ": wrong password for the empty one is rejected", server, host.name(), user,
              "x", mechanism, Logins.NOT_AUTHORIZED, file);
        }
      }
    }
    checks.assertAllPassed();
  }

  private static void registerWithCli(
      ScenarioChecks checks, ProsodyInstance server, VirtualHost host, String user, String password) {
    List<String> args = new ArrayList<>(options(server, host));
    args.addAll(List.of("register", user, host.name(), password));
    checks.check("CLI register exits 0", () -> {
      CommandResult result = ToolCli.run("", args);
      assertEquals(0, result.exitCode(), () -> checks.describe(null, user + "@" + host.name()) + ": " + result);
    });
  }

  private static void addUserWithCli(
      ScenarioChecks checks, ProsodyInstance server, VirtualHost host, String user, String password) {
    List<String> args = new ArrayList<>(options(server, host));
    args.addAll(List.of("adduser", user + "@" + host.name()));
    checks.check("CLI adduser, password typed twice, exits 0", () -> {
      CommandResult result = ToolCli.run(password + "\n" + password + "\n", args);
      assertEquals(0, result.exitCode(), () -> checks.describe(null, user + "@" + host.name()) + ": " + result);
    });
  }

  /** Returns the options that describe the host and the server's release to the command line. */
  static List<String> options(ProsodyInstance server, VirtualHost host) {
    List<String> options = new ArrayList<>(List.of("--data-path", server.dataPath().toString()));
    options.addAll(host.cliOptions());
    options.addAll(List.of("--prosody-version", server.release().is13() ? "13" : "0.12"));
    return options;
  }
}
