package org.prosodyaccounts.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.prosodyaccounts.HostAccounts;
import org.prosodyaccounts.ProsodyAccounts;
import org.prosodyaccounts.auth.Verification;
import org.prosodyaccounts.store.NameEncoding;
import org.prosodyaccounts.store.Ownership;

/**
 * The tool, run as root on a data directory owned by {@code prosody}, and the daemon, running as
 * {@code prosody}, take turns on the same account: nothing fails for lack of permission, and every
 * file stays owned by {@code prosody}. The modes show each release's umask: 0.12 sets 027 itself,
 * 13 keeps the 022 it was started with.
 */
class OwnershipIT {

  private static final VirtualHost HOST = VirtualHost.hashedSha1("owned.test");

  @RegisterExtension static final ProsodyServers SERVERS = new ProsodyServers(List.of(HOST));

  private static final String OWNER = ProsodyInstance.PROSODY_USER + ":" + ProsodyInstance.PROSODY_USER;

  @ParameterizedTest
  @EnumSource(ProsodyRelease.class)
  void rootToolAndProsodyDaemonShareFiles(ProsodyRelease release) throws Exception {
    assumeTrue(Ownership.isRoot(), "needs root: the tool runs as root and the daemon as prosody");
    ProsodyInstance server = SERVERS.running(release);
    ScenarioChecks checks = new ScenarioChecks(Scenario.OWNERSHIP, release);
    HostAccounts library = ProsodyAccounts.open(server.dataPath()).host(HOST.name(), HOST.settings());
    Path hostDirectory = server.dataPath().resolve(NameEncoding.encode(HOST.name()));
    String user = "owned.user";
    Path accountFile = library.accountFile(user);
    Path rosterFile = hostDirectory.resolve("roster").resolve(NameEncoding.encode(user) + ".dat");
    // What a file and a folder created by the daemon get: 0.12's mod_posix sets umask 027, 13 keeps 022.
    String daemonFileMode = release.is13() ? "0644" : "0640";
    String daemonFolderMode = release.is13() ? "0755" : "0750";

    checks.fact("data directory", ProsodyRewritesAccountsIT.describeFile(server.dataPath()));
    checks.check("CLI register as root: the files and folders it creates are prosody's, 0640 and 0750", () -> {
      CommandResult result = cli(server, "register", user, HOST.name(), "first pw");
      assertEquals(0, result.exitCode(), () -> checks.describe(null, accountFile) + ": " + result);
      expectOwnerAndMode(checks, accountFile, "0640");
      expectOwnerAndMode(checks, accountFile.getParent(), "0750");
      expectOwnerAndMode(checks, hostDirectory, "0750");
    });

    checks.check("daemon changes the password in band (XEP-0077) in the file the CLI wrote", Mechanism.SCRAM_SHA_1, () -> {
      try (XmppClient.Session session = XmppClient.open(server, HOST.name(), user, "first pw", Mechanism.SCRAM_SHA_1)) {
        session.changePassword("second pw");
        session.addContact("friend@" + HOST.name(), "Friend");
      }
      assertEquals(Verification.MATCH, library.verify(user, "second pw"), () -> checks.describe(null, accountFile));
      expectOwnerAndMode(checks, accountFile, daemonFileMode);
      checks.fact("account file after the daemon's password change", ProsodyRewritesAccountsIT.describeFile(accountFile));
    });
    checks.check("daemon stores the roster in a folder it creates beside the CLI's", Mechanism.SCRAM_SHA_1, () -> {
      expectOwnerAndMode(checks, rosterFile, daemonFileMode);
      expectOwnerAndMode(checks, rosterFile.getParent(), daemonFolderMode);
      checks.fact("roster file and folder the daemon created", ProsodyRewritesAccountsIT.describeFile(rosterFile) + "; "
          + ProsodyRewritesAccountsIT.describeFile(rosterFile.getParent()));
    });

    checks.check("CLI passwd as root on the file the daemon rewrote: prosody's again, 0640", () -> {
      CommandResult result = cli(server, "passwd", user + "@" + HOST.name());
      assertEquals(0, result.exitCode(), () -> checks.describe(null, accountFile) + ": " + result);
      expectOwnerAndMode(checks, accountFile, "0640");
    });
    for (Mechanism mechanism : HOST.mechanisms()) {
      Logins.expectRightAndWrong(checks, "after the CLI's passwd: new password logs in, the daemon's is rejected", server,
          HOST.name(), user, "third pw", "second pw", mechanism, accountFile);
    }

    checks.check("the daemon logged no permission error", () -> {
      String log = new String(Files.readAllBytes(server.dataPath().resolveSibling("prosody.log")), StandardCharsets.UTF_8);
      assertFalse(log.contains("Permission denied"), () -> checks.describe(null, "prosody.log") + "\n" + server.logTail());
    });
    checks.assertAllPassed();
  }

  private static CommandResult cli(ProsodyInstance server, String... command) throws Exception {
    List<String> args = new ArrayList<>(WrittenAccountsLoginIT.options(server, HOST));
    args.addAll(List.of(command));
    String stdin = command[0].equals("passwd") ? "third pw\nthird pw\n" : "";
    return ToolCli.run(stdin, args);
  }

  private static void expectOwnerAndMode(ScenarioChecks checks, Path path, String mode) throws Exception {
    String described = ProsodyRewritesAccountsIT.describeFile(path);
    assertEquals(OWNER + " " + mode, described.substring(0, described.indexOf(" (")),
        () -> checks.describe(null, path) + ": owner and mode");
  }
}
