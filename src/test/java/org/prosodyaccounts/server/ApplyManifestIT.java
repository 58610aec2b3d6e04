package org.prosodyaccounts.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.jxmpp.jid.impl.JidCreate;
import org.prosodyaccounts.reliability.TreeSnapshot;

/**
 * docs/jitsi-manifest.json applied with {@code bin/prosody-accounts apply} to a fresh data
 * directory: real Prosody accepts every account's login and reports focus's roster entry over
 * XMPP, and a second apply reports everything unchanged and changes no byte.
 */
class ApplyManifestIT {

  private static final String AUTH = "auth.meet.example.org";
  private static final String RECORDER = "recorder.meet.example.org";

  /** The accounts of the manifest, as user and host. */
  private static final List<String[]> ACCOUNTS =
      List.of(
          new String[] {"focus", AUTH},
          new String[] {"jvb", AUTH},
          new String[] {"jibri", AUTH},
          new String[] {"jigasi", AUTH},
          new String[] {"recorder", RECORDER},
          new String[] {"transcriber", RECORDER});

  @RegisterExtension
  static final ProsodyServers SERVERS =
      new ProsodyServers(List.of(VirtualHost.hashedSha1(AUTH), VirtualHost.hashedSha1(RECORDER)));

  @TempDir Path etc;

  @ParameterizedTest
  @EnumSource(ProsodyRelease.class)
  void jitsiManifestLogsInAndSecondApplyChangesNothing(ProsodyRelease release) throws Exception {
    ProsodyInstance server = SERVERS.fresh(release);
    Path manifest = Files.copy(Path.of("docs/jitsi-manifest.json"), etc.resolve("jitsi-manifest.json"));
    Path secrets = Files.createDirectory(etc.resolve("secrets"));
    for (String[] account : ACCOUNTS) {
      Files.writeString(secrets.resolve(account[0]), password(account[0]) + "\n");
    }
    List<String> args = List.of("--config", server.configFile().toString(), "apply", manifest.toString());

    CommandResult first = ToolCli.run("", args);
    assertEquals(0, first.exitCode(), first.toString());
    assertTrue(first.out().endsWith("accounts: 6 created, 0 updated, 0 unchanged; roles: 1 changed, 0 unchanged;"
        + " rosters: 1 changed, 0 unchanged; deleted: 0\n"), first.toString());

    server.start();
    for (String[] account : ACCOUNTS) {
      for (Mechanism mechanism : List.of(Mechanism.PLAIN, Mechanism.SCRAM_SHA_1)) {
        XmppClient.LoginOutcome outcome = XmppClient.login(server, account[1], account[0], password(account[0]), mechanism);
        assertTrue(outcome.succeeded(), release + ": " + account[0] + "@" + account[1] + " with " + mechanism + ": "
            + outcome + "\n" + server.logTail());
      }
    }
    try (XmppClient.Session focus = XmppClient.open(server, AUTH, "focus", password("focus"), Mechanism.SCRAM_SHA_1)) {
      Roster roster = Roster.getInstanceFor(focus.connection());
      roster.reloadAndWait();
      assertEquals(1, roster.getEntries().size(), release + ": " + roster.getEntries());
      RosterEntry entry = roster.getEntry(JidCreate.bareFrom("focus.meet.example.org"));
      assertNotNull(entry, release + ": focus's roster has no focus.meet.example.org: " + roster.getEntries());
      assertEquals(RosterPacket.ItemType.from, entry.getType(), release + ": " + entry);
    }
    server.stop();

    Map<String, String> before = TreeSnapshot.of(server.dataPath());
    CommandResult second = ToolCli.run("", args);
    assertEquals(0, second.exitCode(), second.toString());
    for (String line : second.out().split("\n")) {
      assertTrue(line.startsWith("unchanged ") || line.startsWith("accounts: 0 created, 0 updated, 6 unchanged;"),
          release + ": " + second);
    }
    assertEquals(9, second.out().split("\n").length, second.toString());
    assertEquals(before, TreeSnapshot.of(server.dataPath()), release + ": the second apply changed the data directory");
  }

  private static String password(String user) {
    return user + " s3cret #@";
  }
}
