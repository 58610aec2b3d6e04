package org.prosodyaccounts.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.prosodyaccounts.HostAccounts;
import org.prosodyaccounts.ProsodyAccounts;
import org.prosodyaccounts.auth.AccountRecords;
import org.prosodyaccounts.auth.AuthProvider;
import org.prosodyaccounts.auth.AuthSettings;
import org.prosodyaccounts.auth.Verification;
import org.prosodyaccounts.lua.LuaData;
import org.prosodyaccounts.lua.LuaInteger;
import org.prosodyaccounts.lua.LuaString;
import org.prosodyaccounts.lua.LuaTable;
import org.prosodyaccounts.store.Ownership;

/**
 * Prosody rewrites files that the tool wrote: it upgrades a clear-text {@code password} record on
 * a hashed host to SCRAM keys at the first login, and changes passwords in band and (13) through
 * its admin shell. The library must read every result.
 */
class ProsodyRewritesAccountsIT {

  private static final List<VirtualHost> HOSTS =
      List.of(VirtualHost.hashedSha1("hashed.test"), VirtualHost.hashedSha256("sha256.test"));

  @RegisterExtension static final ProsodyServers SERVERS = new ProsodyServers(HOSTS);

  @ParameterizedTest
  @EnumSource(ProsodyRelease.class)
  void loginUpgradesClearTextRecordOnHashedHost(ProsodyRelease release) throws Exception {
    ProsodyInstance server = SERVERS.running(release);
    ScenarioChecks checks = new ScenarioChecks(Scenario.SERVER_REWRITES, release);
    ProsodyAccounts accounts = ProsodyAccounts.open(server.dataPath());

    for (VirtualHost host : HOSTS) {
      HostAccounts hashed = accounts.host(host.name(), host.settings());
      // The same host described as internal_plain, so that the library writes a { password = ... } record there.
      HostAccounts clearText =
          accounts.host(host.name(), new AuthSettings(AuthProvider.INTERNAL_PLAIN, host.hash(), 10000));
      for (Mechanism mechanism : host.mechanisms()) {
        String user = "upgrade-" + mechanism.saslName().toLowerCase(Locale.ROOT);
        String password = "Clear \"text\" ü 😀";
        clearText.register(user, password);
        Path file = hashed.accountFile(user);
        String check = "clear-text record on " + host + ": the first login upgrades it to SCRAM keys";

        checks.check(check, mechanism, () -> {
          assertEquals(Optional.of(LuaString.of(password)), hashed.record(user).orElseThrow().get(AccountRecords.PASSWORD),
              () -> checks.describe(mechanism, file) + ": the library did not write a password field");
          XmppClient.LoginOutcome outcome = XmppClient.login(server, host.name(), user, password, mechanism);
          assertEquals(Logins.SUCCESS, outcome.condition(),
              () -> checks.describe(mechanism, file) + ": login with the clear-text record\n" + server.logTail());
          LuaTable upgraded = hashed.record(user).orElseThrow();
          assertFalse(upgraded.containsKey(AccountRecords.PASSWORD),
              () -> checks.describe(mechanism, file) + ": the server kept the clear-text password: " + fieldNames(upgraded));
          assertEquals(host.hash().hexLength(), upgraded.getString(AccountRecords.STORED_KEY).orElseThrow().length(),
              () -> checks.describe(mechanism, file) + ": stored_key length");
          assertEquals(Optional.of(LuaInteger.of(10000)), upgraded.get(AccountRecords.ITERATION_COUNT),
              () -> checks.describe(mechanism, file) + ": iteration_count");
          checks.fact("fields after the upgrade", fieldNames(upgraded));
          checks.fact("account file after the upgrade (server umask 022)", describeFile(file));
        });

        checks.check("upgraded record: library verify matches the password only: " + host, () -> {
          assertEquals(Verification.MATCH, hashed.verify(user, password), () -> checks.describe(null, file));
          assertEquals(Verification.MISMATCH, hashed.verify(user, password + "x"), () -> checks.describe(null, file));
        });
        for (Mechanism after : host.mechanisms()) {
          Logins.expectRightAndWrong(checks, "upgraded record: right password logs in, a wrong one is rejected: " + host, server,
              host.name(), user, password, password + "x", after, file);
        }
      }
    }
    checks.assertAllPassed();
  }

  @ParameterizedTest
  @EnumSource(ProsodyRelease.class)
  void serverChangesCliWrittenPassword(ProsodyRelease release) throws Exception {
    ProsodyInstance server = SERVERS.running(release);
    ScenarioChecks checks = new ScenarioChecks(Scenario.SERVER_REWRITES, release);
    ProsodyAccounts accounts = ProsodyAccounts.open(server.dataPath());

    for (VirtualHost host : HOSTS) {
      HostAccounts library = accounts.host(host.name(), host.settings());
      String user = "Changed.InBand";
      String oldPassword = "old pw ü";
      String newPassword = "new \"pw\" \\ 😀";
      Path file = library.accountFile(user);
      registerWithCli(checks, server, host, user, oldPassword);
      LuaTable written = library.record(user).orElseThrow();

      checks.check("in-band password change (XEP-0077) of a record written by the CLI: " + host, Mechanism.PLAIN, () -> {
        try (XmppClient.Session session = XmppClient.open(server, host.name(), user, oldPassword, Mechanism.PLAIN)) {
          session.changePassword(newPassword);
        }
        expectChanged(checks, library, file, user, oldPassword, newPassword, written);
        CommandResult verified = verify(server, host, user, newPassword);
        assertEquals(0, verified.exitCode(), () -> checks.describe(null, file) + ": CLI verify: " + verified);
      });
      for (Mechanism mechanism : host.mechanisms()) {
        Logins.expectRightAndWrong(checks, "after the in-band change: new password logs in, the old one is rejected: " + host,
            server, host.name(), user, newPassword, oldPassword, mechanism, file);
      }

      if (release.is13()) {
        String shellUser = "changed.shell";
        String shellPassword = "Shell \"changed\" ∑";
        registerWithCli(checks, server, host, shellUser, oldPassword);
        LuaTable before = library.record(shellUser).orElseThrow();
        Path shellFile = library.accountFile(shellUser);
        checks.check("prosodyctl shell user password on a record written by the CLI: " + host, () -> {
          CommandResult changed =
              server.prosodyctl("", "shell", "user", "password", shellUser + "@" + host.name(), shellPassword);
          assertEquals(0, changed.exitCode(), () -> checks.describe(null, shellFile) + ": prosodyctl: " + changed);
          expectChanged(checks, library, shellFile, shellUser, oldPassword, shellPassword, before);
        });
        for (Mechanism mechanism : host.mechanisms()) {
          Logins.expectRightAndWrong(checks, "after the shell change: new password logs in, the old one is rejected: " + host,
              server, host.name(), shellUser, shellPassword, oldPassword, mechanism, shellFile);
        }
      }
    }
    checks.assertAllPassed();
  }

  /** Checks a record after the server set a new password: new salt, same fields, {@code created} kept. */
  private static void expectChanged(
      ScenarioChecks checks, HostAccounts library, Path file, String user, String oldPassword, String newPassword,
      LuaTable before) throws Exception {
    LuaTable after = library.record(user).orElseThrow();
    assertEquals(Verification.MATCH, library.verify(user, newPassword), () -> checks.describe(null, file) + ": new password");
    assertEquals(Verification.MISMATCH, library.verify(user, oldPassword), () -> checks.describe(null, file) + ": old password");
    assertNotEquals(before.get(AccountRecords.SALT), after.get(AccountRecords.SALT),
        () -> checks.describe(null, file) + ": the salt did not change");
    assertEquals(fieldNames(before), fieldNames(after), () -> checks.describe(null, file) + ": fields");
    assertEquals(before.get(AccountRecords.CREATED), after.get(AccountRecords.CREATED),
        () -> checks.describe(null, file) + ": created");
    if (before.containsKey(AccountRecords.UPDATED)) {
      long updatedBefore = ((LuaInteger) before.get(AccountRecords.UPDATED).orElseThrow()).value();
      long updatedAfter = ((LuaInteger) after.get(AccountRecords.UPDATED).orElseThrow()).value();
      assertTrue(updatedAfter >= updatedBefore, () -> checks.describe(null, file) + ": updated went back");
    }
    checks.fact("fields after a password change by the server", fieldNames(after));
    checks.fact("account file after a password change by the server (server umask 022)", describeFile(file));
  }

  private static void registerWithCli(
      ScenarioChecks checks, ProsodyInstance server, VirtualHost host, String user, String password) {
    checks.check("CLI register exits 0", () -> {
      List<String> args = new ArrayList<>(WrittenAccountsLoginIT.options(server, host));
      args.addAll(List.of("register", user, host.name(), password));
      CommandResult result = ToolCli.run("", args);
      assertEquals(0, result.exitCode(), () -> checks.describe(null, user + "@" + host.name()) + ": " + result);
    });
  }

  static CommandResult verify(ProsodyInstance server, VirtualHost host, String user, String password) throws Exception {
    List<String> args = new ArrayList<>(List.of("--data-path", server.dataPath().toString()));
    args.addAll(host.cliOptions());
    args.addAll(List.of("verify", user + "@" + host.name()));
    return ToolCli.run(password + "\n", args);
  }

  /** Returns the record's field names, sorted, such as {@code iteration_count, salt, server_key, stored_key}. */
  static String fieldNames(LuaTable record) {
    TreeSet<String> names = new TreeSet<>();
    for (LuaData key : record.entries().keySet()) {
      names.add(key instanceof LuaString ? ((LuaString) key).toUtf8().orElse(key.toString()) : key.toString());
    }
    return String.join(", ", names);
  }

  /** Returns the owner, group and mode of a file, such as {@code prosody:prosody 0640}. */
  static String describeFile(Path file) throws IOException {
    PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    return attributes.owner().getName() + ":" + attributes.group().getName() + " "
        + Ownership.octal(attributes.permissions()) + " ("
        + PosixFilePermissions.toString(attributes.permissions()) + ")";
  }
}
