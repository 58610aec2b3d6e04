package org.prosodyaccounts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prosodyaccounts.HostAccounts.EnsureResult;
import org.prosodyaccounts.auth.AccountRecords;
import org.prosodyaccounts.auth.AuthProvider;
import org.prosodyaccounts.auth.AuthSettings;
import org.prosodyaccounts.auth.HashAlgorithm;
import org.prosodyaccounts.auth.Verification;
import org.prosodyaccounts.lua.LuaBoolean;
import org.prosodyaccounts.lua.LuaInteger;
import org.prosodyaccounts.lua.LuaReader;
import org.prosodyaccounts.lua.LuaTable;

/** Rosters, roles, disabling and ensure, against files real Prosody wrote where there are some. */
class AccountManagementTest {

  private static final long NOW = 1_796_412_352L;

  @TempDir Path data;
  private ProsodyAccounts accounts;
  private HostAccounts auth;

  @BeforeEach
  void open() throws Exception {
    accounts = ProsodyAccounts.open(data).withClock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
    auth = accounts.host("auth.meet.example.org", AuthSettings.defaults());
  }

  private static LuaTable read(Path file) throws Exception {
    return (LuaTable) LuaReader.readChunk(Files.readAllBytes(file), file.toString()).orElseThrow();
  }

  @Test
  void focusSubscriptionMatchesProsodysRoster() throws Exception {
    auth.register("focus", "secret");

    List<String> changed = accounts.subscribe("focus.meet.example.org", "focus@auth.meet.example.org");

    Path roster = data.resolve("auth%2emeet%2eexample%2eorg/roster/focus.dat");
    Path written = Path.of("testdata/prosody-0.12/data/auth%2emeet%2eexample%2eorg/roster/focus.dat");
    assertEquals(List.of("focus@auth.meet.example.org"), changed);
    assertEquals(read(written), read(roster));
    assertEquals(Optional.of(read(written)), accounts.roster("focus@auth.meet.example.org"));
  }

  @Test
  void subscribeAgainChangesNoByte() throws Exception {
    auth.register("focus", "secret");
    accounts.subscribe("focus.meet.example.org", "focus@auth.meet.example.org");
    Path roster = data.resolve("auth%2emeet%2eexample%2eorg/roster/focus.dat");
    byte[] before = Files.readAllBytes(roster);

    List<String> changed = accounts.subscribe("focus.meet.example.org", "focus@auth.meet.example.org");

    assertEquals(List.of(), changed);
    assertArrayEquals(before, Files.readAllBytes(roster));
  }

  @Test
  void subscribeWithoutAccountWritesNothing() throws Exception {
    NoSuchAccountException e =
        assertThrows(
            NoSuchAccountException.class,
            () -> accounts.subscribe("focus.meet.example.org", "focus@auth.meet.example.org"));

    assertEquals("focus@auth.meet.example.org", e.jid());
    assertFalse(Files.exists(data.resolve("auth%2emeet%2eexample%2eorg/roster")));
  }

  @Test
  void subscribeBetweenAccountsUpdatesBothRosters() throws Exception {
    HostAccounts meet = accounts.host("meet.example.org", AuthSettings.defaults());
    meet.register("alice", "a");
    meet.register("bob", "b");

    List<String> changed = accounts.subscribe("bob@meet.example.org", "alice@meet.example.org");

    LuaTable alice = accounts.roster("alice@meet.example.org").orElseThrow();
    LuaTable bob = accounts.roster("bob@meet.example.org").orElseThrow();
    assertEquals(List.of("alice@meet.example.org", "bob@meet.example.org"), changed);
    assertEquals(read(Path.of("testdata/prosody-0.12/data/meet%2eexample%2eorg/roster/alice.dat")), alice);
    LuaTable item = (LuaTable) bob.get("alice@meet.example.org").orElseThrow();
    assertEquals("to", item.getString("subscription").orElseThrow().toString());
    assertEquals(Optional.of(LuaInteger.of(2)), ((LuaTable) bob.get(LuaBoolean.FALSE).orElseThrow()).get("version"));
  }

  @Test
  void setRoleStoresOnlyNonDefaultRoles() throws Exception {
    auth.register("focus", "secret");
    Path roles = data.resolve("auth%2emeet%2eexample%2eorg/account_roles/focus.dat");

    assertTrue(auth.setRole("focus", "prosody:admin"));
    assertEquals("return {\n\t[\"_default\"] = \"prosody:admin\";\n};\n", Files.readString(roles));
    assertEquals("prosody:admin", auth.role("focus"));
    assertFalse(auth.setRole("focus", "prosody:admin"));
    assertTrue(auth.setRole("focus", HostAccounts.DEFAULT_ROLE));
    assertFalse(Files.exists(roles));
    assertEquals(HostAccounts.DEFAULT_ROLE, auth.role("focus"));
  }

  @Test
  void setRoleKeepsSecondaryRoles() throws Exception {
    auth.register("alice", "secret");
    Path roles = Files.createDirectories(data.resolve("auth%2emeet%2eexample%2eorg/account_roles")).resolve("alice.dat");
    Files.writeString(roles, "return {\n\t[\"prosody:admin\"] = true;\n};\n");

    auth.setRole("alice", "prosody:member");

    LuaTable stored = read(roles);
    assertEquals(Optional.of(LuaBoolean.TRUE), stored.get("prosody:admin"));
    assertEquals("prosody:member", stored.getString("_default").orElseThrow().toString());
  }

  @Test
  void roleOfProsody13FixtureIsRead() throws Exception {
    HostAccounts meet = ProsodyAccounts.open(Path.of("testdata/prosody-13/data")).host("meet.example.org", AuthSettings.defaults());

    assertEquals("prosody:admin", meet.role("alice"));
    assertEquals(HostAccounts.DEFAULT_ROLE, meet.role("admin.user"));
  }

  @Test
  void setRoleOfMissingAccountIsRejected() {
    assertThrows(NoSuchAccountException.class, () -> auth.setRole("ghost", "prosody:admin"));
  }

  @Test
  void disableAndEnableAsProsody13Does() throws Exception {
    auth.register("zed", "Zed-13");

    assertTrue(auth.disable("zed"));
    LuaTable disabled = auth.record("zed").orElseThrow();
    assertEquals(Optional.of(LuaBoolean.TRUE), disabled.get("disabled"));
    assertEquals(Optional.of(LuaInteger.of(NOW)), disabled.get("updated"));
    assertEquals(Verification.DISABLED, auth.verify("zed", "Zed-13"));
    assertFalse(auth.disable("zed"));

    assertTrue(auth.enable("zed"));
    assertFalse(auth.record("zed").orElseThrow().containsKey("disabled"));
    assertEquals(Verification.MATCH, auth.verify("zed", "Zed-13"));
    assertFalse(auth.enable("zed"));
  }

  @Test
  void ensureCreatesLeavesAloneAndUpdates() throws Exception {
    Path file = data.resolve("auth%2emeet%2eexample%2eorg/accounts/jvb.dat");

    assertEquals(EnsureResult.CREATED, auth.ensure("jvb", "one"));
    byte[] created = Files.readAllBytes(file);
    assertEquals(EnsureResult.UNCHANGED, auth.ensure("jvb", "one"));
    assertArrayEquals(created, Files.readAllBytes(file));
    assertEquals(EnsureResult.UPDATED, auth.ensure("jvb", "two"));
    assertEquals(Verification.MATCH, auth.verify("jvb", "two"));
  }

  @Test
  void ensureRewritesRecordThatCannotLogIn() throws Exception {
    auth.register("recorder", "secret");
    HostAccounts plain =
        accounts.host("auth.meet.example.org", new AuthSettings(AuthProvider.INTERNAL_PLAIN, HashAlgorithm.SHA_1, 10000));

    assertEquals(EnsureResult.UPDATED, plain.ensure("recorder", "secret"));
    assertEquals(Verification.MATCH, plain.verify("recorder", "secret"));
  }

  @Test
  void ensureKeepsDisabledAccountDisabled() throws Exception {
    auth.register("zed", "pw");
    auth.disable("zed");
    byte[] before = Files.readAllBytes(data.resolve("auth%2emeet%2eexample%2eorg/accounts/zed.dat"));

    assertEquals(EnsureResult.UNCHANGED, auth.ensure("zed", "pw"));
    assertEquals(EnsureResult.UPDATED, auth.ensure("zed", "new"));
    assertTrue(AccountRecords.isDisabled(auth.record("zed").orElseThrow()));
    assertFalse(Arrays.equals(before, Files.readAllBytes(data.resolve("auth%2emeet%2eexample%2eorg/accounts/zed.dat"))));
  }
}
