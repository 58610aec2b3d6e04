package org.prosodyaccounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prosodyaccounts.ApplyReport.Action;
import org.prosodyaccounts.ApplyReport.Item;
import org.prosodyaccounts.ApplyReport.Kind;
import org.prosodyaccounts.auth.AuthSettings;
import org.prosodyaccounts.auth.Verification;
import org.prosodyaccounts.lua.LuaTable;
import org.prosodyaccounts.reliability.TreeSnapshot;

/** {@link ProsodyAccounts#apply}: accounts, roles, rosters and prune, and a second run that changes nothing. */
class ApplyTest {

  private static final String AUTH = "auth.meet.example.org";
  private static final String RECORDER = "recorder.meet.example.org";

  /** The users of docs/jitsi-manifest.json and their hosts, in manifest order. */
  private static final List<String> JITSI_ACCOUNTS =
      List.of("focus@" + AUTH, "jvb@" + AUTH, "jibri@" + AUTH, "jigasi@" + AUTH, "recorder@" + RECORDER,
          "transcriber@" + RECORDER);

  @TempDir Path root;
  private Path data;
  private ProsodyAccounts accounts;

  @BeforeEach
  void createDataDirectory() throws Exception {
    data = Files.createDirectory(root.resolve("data"));
    accounts = ProsodyAccounts.open(data);
  }

  private ApplyReport apply(Manifest manifest) throws Exception {
    return accounts.apply(manifest, host -> AuthSettings.defaults());
  }

  /** Copies docs/jitsi-manifest.json beside a secrets folder with one password per account. */
  private Path jitsiManifest() throws Exception {
    Path folder = Files.createDirectories(root.resolve("etc"));
    Path manifest = Files.copy(Path.of("docs/jitsi-manifest.json"), folder.resolve("jitsi-manifest.json"));
    Path secrets = Files.createDirectories(folder.resolve("secrets"));
    for (String jid : JITSI_ACCOUNTS) {
      String user = jid.substring(0, jid.indexOf('@'));
      Files.writeString(secrets.resolve(user), password(user) + "\n");
    }
    return manifest;
  }

  private static String password(String user) {
    return user + "-pä$$ #@";
  }

  private static Manifest read(Path file) throws Exception {
    return Manifest.read(file, Map.of(), new ByteArrayInputStream(new byte[0]));
  }

  @Test
  void jitsiManifestAppliedThenUnchanged() throws Exception {
    Path file = jitsiManifest();

    ApplyReport first = apply(read(file));
    Map<String, String> afterFirst = TreeSnapshot.of(data);
    ApplyReport second = apply(read(file));

    List<Item> expected = new ArrayList<>();
    for (String jid : JITSI_ACCOUNTS) {
      expected.add(new Item(Kind.ACCOUNT, jid, Optional.empty(), Action.CREATED));
    }
    expected.add(new Item(Kind.ROLE, "focus@" + AUTH, Optional.of("prosody:admin"), Action.CHANGED));
    expected.add(new Item(Kind.ROSTER, "focus@" + AUTH, Optional.of("focus.meet.example.org"), Action.CHANGED));
    assertEquals(expected, first.items());
    assertEquals(8, second.items().size());
    assertTrue(second.unchanged(), second.toString());
    assertEquals(afterFirst, TreeSnapshot.of(data), "the second apply changed the data directory");

    for (String jid : JITSI_ACCOUNTS) {
      String user = jid.substring(0, jid.indexOf('@'));
      HostAccounts host = accounts.host(jid.substring(jid.indexOf('@') + 1), AuthSettings.defaults());
      assertEquals(Verification.MATCH, host.verify(user, password(user)), jid);
    }
    LuaTable roster = accounts.roster("focus@" + AUTH).orElseThrow();
    LuaTable entry = (LuaTable) roster.get("focus.meet.example.org").orElseThrow();
    assertEquals("from", entry.getString("subscription").orElseThrow().toString());
    assertEquals("prosody:admin", accounts.host(AUTH, AuthSettings.defaults()).role("focus"));
  }

  @Test
  void prosodyLoadsEveryAppliedFile() throws Exception {
    ProsodyJudge.assumeAvailable();
    apply(read(jitsiManifest()));

    List<ProsodyJudge.Case> cases = new ArrayList<>();
    for (String jid : JITSI_ACCOUNTS) {
      String user = jid.substring(0, jid.indexOf('@'));
      cases.add(new ProsodyJudge.Case(jid.substring(jid.indexOf('@') + 1), user, "SHA-1", password(user)));
    }
    List<ProsodyJudge.Verdict> verdicts = ProsodyJudge.check(data, cases);

    for (int i = 0; i < cases.size(); i++) {
      assertEquals("OK", verdicts.get(i).status(), cases.get(i).toString());
    }
  }

  @Test
  void changedPasswordUpdatesOnlyThatAccount() throws Exception {
    apply(Manifest.builder().account(AUTH, "focus", "one").account(AUTH, "jvb", "two").build());
    Path jvb = accounts.host(AUTH, AuthSettings.defaults()).accountFile("jvb");
    byte[] jvbBefore = Files.readAllBytes(jvb);

    ApplyReport report = apply(Manifest.builder().account(AUTH, "focus", "changed").account(AUTH, "jvb", "two").build());

    assertEquals(List.of(new Item(Kind.ACCOUNT, "focus@" + AUTH, Optional.empty(), Action.UPDATED),
        new Item(Kind.ACCOUNT, "jvb@" + AUTH, Optional.empty(), Action.UNCHANGED)), report.items());
    assertEquals(new String(jvbBefore), Files.readString(jvb));
    assertEquals(Verification.MATCH, accounts.host(AUTH, AuthSettings.defaults()).verify("focus", "changed"));
  }

  @Test
  void pruneDeletesUnlistedAccountsWithTheirFiles() throws Exception {
    HostAccounts auth = accounts.host(AUTH, AuthSettings.defaults());
    auth.register("old", "old-secret");
    accounts.subscribe("focus.meet.example.org", "old@" + AUTH);
    accounts.host(RECORDER, AuthSettings.defaults()).register("kept", "kept-secret");

    ApplyReport report =
        apply(Manifest.builder().account(AUTH, "focus", "focus-secret").prune(AUTH).account(RECORDER, "recorder", "r")
            .build());

    assertEquals(new Item(Kind.PRUNE, "old@" + AUTH, Optional.empty(), Action.DELETED), report.items().get(report.items().size() - 1));
    assertEquals(1, report.count(Action.DELETED));
    assertEquals(List.of("focus"), auth.list().users());
    assertFalse(Files.exists(data.resolve("auth%2emeet%2eexample%2eorg/roster/old.dat")));
    assertEquals(List.of("kept", "recorder"), accounts.host(RECORDER, AuthSettings.defaults()).list().users());
  }

  @Test
  void pruneFalseKeepsUnlistedAccounts() throws Exception {
    accounts.host(AUTH, AuthSettings.defaults()).register("old", "old-secret");

    ApplyReport report = apply(Manifest.builder().account(AUTH, "focus", "focus-secret").build());

    assertEquals(0, report.count(Action.DELETED));
    assertEquals(List.of("focus", "old"), accounts.host(AUTH, AuthSettings.defaults()).list().users());
  }

  @Test
  void roleChangedThenUnchanged() throws Exception {
    apply(Manifest.builder().account(AUTH, "focus", "s", "prosody:admin").build());

    ApplyReport same = apply(Manifest.builder().account(AUTH, "focus", "s", "prosody:admin").build());
    ApplyReport other = apply(Manifest.builder().account(AUTH, "focus", "s", "prosody:operator").build());
    ApplyReport unmanaged = apply(Manifest.builder().account(AUTH, "focus", "s").build());

    assertEquals(Action.UNCHANGED, same.items().get(1).action());
    assertEquals(new Item(Kind.ROLE, "focus@" + AUTH, Optional.of("prosody:operator"), Action.CHANGED), other.items().get(1));
    assertEquals(1, unmanaged.items().size());
    assertEquals("prosody:operator", accounts.host(AUTH, AuthSettings.defaults()).role("focus"));
  }

  @Test
  void rosterAccountOnDiskIsEnough() throws Exception {
    accounts.host(AUTH, AuthSettings.defaults()).register("focus", "focus-secret");

    ApplyReport report = apply(Manifest.builder().subscribe("focus.meet.example.org", "focus@" + AUTH).build());

    assertEquals(List.of(new Item(Kind.ROSTER, "focus@" + AUTH, Optional.of("focus.meet.example.org"), Action.CHANGED)), report.items());
  }

  @Test
  void rejectedHostIsProblemWithPath() throws Exception {
    Manifest manifest = Manifest.builder().account(AUTH, "focus", "a").account("meet.example.org", "x", "b").build();
    Map<String, String> before = TreeSnapshot.of(data);

    ManifestException e =
        assertThrows(
            ManifestException.class,
            () ->
                accounts.apply(
                    manifest,
                    host -> {
                      if (host.equals("meet.example.org")) {
                        throw new HostRejectedException("host meet.example.org uses jitsi-anonymous");
                      }
                      return AuthSettings.defaults();
                    }));

    assertEquals(
        List.of(new ManifestProblem(ManifestProblem.Kind.HOST, "hosts[1].host", "meet.example.org", 0, 0,
            "host meet.example.org uses jitsi-anonymous")),
        e.problems());
    assertEquals(before, TreeSnapshot.of(data));
  }

  @Test
  void listenerSeesItemsInReportOrder() throws Exception {
    Manifest.Builder builder = Manifest.builder();
    for (int i = 0; i < 40; i++) {
      builder.account(i % 2 == 0 ? AUTH : RECORDER, "user" + i, "secret" + i, i == 7 ? "prosody:admin" : null);
    }
    List<Item> seen = new ArrayList<>();

    ApplyReport report = accounts.apply(builder.build(), host -> new AuthSettings(
        AuthSettings.defaults().provider(), AuthSettings.defaults().hash(), 4096), seen::add);

    assertEquals(41, seen.size());
    assertEquals(report.items(), seen);
    assertEquals("user0@" + AUTH, seen.get(0).target());
    assertEquals("user39@" + RECORDER, seen.get(39).target());
    assertEquals(Kind.ROLE, seen.get(40).kind());
  }

  @Test
  void updateKeepsDisabledFlag() throws Exception {
    HostAccounts auth = accounts.host(AUTH, AuthSettings.defaults());
    auth.register("focus", "old-secret");
    auth.disable("focus");

    ApplyReport report = apply(Manifest.builder().account(AUTH, "focus", "new-secret").build());

    assertEquals(Action.UPDATED, report.items().get(0).action());
    assertEquals(Verification.DISABLED, auth.verify("focus", "new-secret"));
    assertEquals(Verification.MATCH, auth.verifyPassword("focus", "new-secret"));
  }

  @Test
  void timestampsFollowLookup() throws Exception {
    Manifest manifest = Manifest.builder().account(AUTH, "focus", "a").build();

    accounts.apply(
        manifest,
        new HostSettingsLookup() {
          @Override
          public AuthSettings settings(String host) {
            return AuthSettings.defaults();
          }

          @Override
          public boolean timestamps(String host) {
            return true;
          }
        });

    LuaTable record = accounts.host(AUTH, AuthSettings.defaults()).record("focus").orElseThrow();
    assertTrue(record.containsKey("created"), record.toString());
  }

  @Test
  void dryRunReportsWithoutWriting() throws Exception {
    accounts.host(AUTH, AuthSettings.defaults()).register("old", "old-secret");
    Manifest manifest = read(jitsiManifest());
    Map<String, String> before = TreeSnapshot.of(data);

    ApplyReport dry = accounts.dryRun().apply(manifest, host -> AuthSettings.defaults());
    Map<String, String> afterDry = TreeSnapshot.of(data);
    ApplyReport real = apply(manifest);

    assertEquals(before, afterDry, "the dry run wrote to the data directory");
    assertEquals(real.items(), dry.items());
    assertEquals(6, dry.count(Kind.ACCOUNT, Action.CREATED));
  }
}
