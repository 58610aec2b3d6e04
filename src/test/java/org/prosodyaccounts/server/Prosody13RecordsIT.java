package org.prosodyaccounts.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.prosodyaccounts.HostAccounts;
import org.prosodyaccounts.ProsodyAccounts;
import org.prosodyaccounts.ProsodyVersion;
import org.prosodyaccounts.auth.AccountRecords;
import org.prosodyaccounts.auth.AuthProvider;
import org.prosodyaccounts.auth.Verification;
import org.prosodyaccounts.lua.LuaData;
import org.prosodyaccounts.lua.LuaInteger;
import org.prosodyaccounts.lua.LuaTable;
import org.prosodyaccounts.store.FileStore;

/**
 * Prosody 13's record fields written by the tool: {@code created} and {@code updated} from
 * {@code --prosody-version 13}, {@code disabled = true}, and an {@code account_roles} file. 13
 * rejects a disabled account and {@code verify} reports it, while 0.12 ignores all of them. Also the
 * tool's choice of record format without {@code --prosody-version}.
 */
class Prosody13RecordsIT {

  private static final List<VirtualHost> HOSTS =
      List.of(VirtualHost.hashedSha1("hashed.test"), VirtualHost.hashedSha256("sha256.test"), VirtualHost.plain("plain.test"));

  @RegisterExtension static final ProsodyServers SERVERS = new ProsodyServers(HOSTS);

  /** Debian's version file, which the command line reads to choose the record format. */
  private static final Path INSTALLED_VERSION_FILE = ProsodyVersion.DEBIAN_VERSION_FILE;

  @ParameterizedTest
  @EnumSource(ProsodyRelease.class)
  void timestampedRecordsFromCliLogIn(ProsodyRelease release) throws Exception {
    ProsodyInstance server = SERVERS.running(release);
    ScenarioChecks checks = new ScenarioChecks(Scenario.PROSODY13_RECORDS, release);
    ProsodyAccounts accounts = ProsodyAccounts.open(server.dataPath());

    for (VirtualHost host : HOSTS) {
      HostAccounts library = accounts.host(host.name(), host.settings());
      for (String version : List.of("13", "0.12")) {
        String user = "format-" + version.replace('.', '-');
        String password = "Format \"" + version + "\" ü";
        Path file = library.accountFile(user);
        long before = Instant.now().getEpochSecond();
        checks.check("CLI --prosody-version " + version + " writes " + (version.equals("13") ? "created and updated" : "neither")
            + ": " + host, () -> {
          CommandResult result = cli(server, host, List.of("--prosody-version", version), "register", user, host.name(), password);
          assertEquals(0, result.exitCode(), () -> checks.describe(null, file) + ": " + result);
          LuaTable record = library.record(user).orElseThrow();
          if (version.equals("13")) {
            long after = Instant.now().getEpochSecond();
            expectTimestamp(checks, record, AccountRecords.CREATED, before, after, file);
            expectTimestamp(checks, record, AccountRecords.UPDATED, before, after, file);
          } else {
            assertFalse(record.containsKey(AccountRecords.CREATED), () -> checks.describe(null, file) + ": created");
            assertFalse(record.containsKey(AccountRecords.UPDATED), () -> checks.describe(null, file) + ": updated");
          }
        });
        for (Mechanism mechanism : host.mechanisms()) {
          Logins.expectRightAndWrong(checks, "record of --prosody-version " + version + ": right password logs in, a"
              + " wrong one is rejected: " + host, server, host.name(), user, password, password + "x", mechanism, file);
        }
      }
    }
    checks.assertAllPassed();
  }

  @ParameterizedTest
  @EnumSource(ProsodyRelease.class)
  void disabledRecordAndRolesOnBothReleases(ProsodyRelease release) throws Exception {
    ProsodyInstance server = SERVERS.running(release);
    ScenarioChecks checks = new ScenarioChecks(Scenario.PROSODY13_RECORDS, release);
    ProsodyAccounts accounts = ProsodyAccounts.open(server.dataPath());
    FileStore store = FileStore.open(server.dataPath());

    for (VirtualHost host : HOSTS) {
      HostAccounts library = accounts.host(host.name(), host.settings()).withTimestamps(true);
      String member = "member.with-roles";
      String disabled = "member.disabled";
      String password = "Roles \"pw\" 😀";
      library.register(member, password);
      library.register(disabled, password);
      for (String user : List.of(member, disabled)) {
        store.save(host.name(), "account_roles", user, new LuaTable().put("_default", "prosody:member"));
      }
      LuaTable record = library.record(disabled).orElseThrow();
      record.put(AccountRecords.DISABLED, true);
      store.save(host.name(), HostAccounts.ACCOUNTS_STORE, disabled, record);
      Path memberFile = library.accountFile(member);
      Path disabledFile = library.accountFile(disabled);

      for (Mechanism mechanism : host.mechanisms()) {
        Logins.expectRightAndWrong(checks, "created, updated and account_roles: right password logs in, a wrong one is"
            + " rejected: " + host, server, host.name(), member, password, password + "x", mechanism, memberFile);
      }

      // 0.12 does not know the field. 13 rejects the account, except that its internal_plain SASL
      // profile does not read the field.
      boolean rejected = release.is13() && host.provider() == AuthProvider.INTERNAL_HASHED;
      String expected = rejected ? Logins.ACCOUNT_DISABLED : Logins.SUCCESS;
      for (Mechanism mechanism : host.mechanisms()) {
        String observed = Logins.expect(checks, "disabled = true, right password: 13 rejects it (account-disabled) on"
            + " hashed hosts; 0.12, and 13 on internal_plain hosts, log in: " + host, server, host.name(), disabled,
            password, mechanism, expected, disabledFile);
        checks.fact("login to a disabled = true record on " + host + ", " + mechanism, observed);
      }

      checks.check("disabled = true: library verify DISABLED, CLI verify exit 4: " + host, () -> {
        assertEquals(Verification.DISABLED, library.verify(disabled, password), () -> checks.describe(null, disabledFile));
        CommandResult verified = ProsodyRewritesAccountsIT.verify(server, host, disabled, password);
        assertEquals(4, verified.exitCode(), () -> checks.describe(null, disabledFile) + ": " + verified);
        assertTrue(verified.err().contains("disabled"), () -> checks.describe(null, disabledFile) + ": " + verified);
      });
      checks.check("created, updated and account_roles: CLI verify exit 0: " + host, () -> {
        CommandResult verified = ProsodyRewritesAccountsIT.verify(server, host, member, password);
        assertEquals(0, verified.exitCode(), () -> checks.describe(null, memberFile) + ": " + verified);
      });
    }
    checks.assertAllPassed();
  }

  @ParameterizedTest
  @EnumSource(ProsodyRelease.class)
  void installedVersionFileChoosesFormat(ProsodyRelease release) throws Exception {
    release.assumeInstalled();
    ScenarioChecks checks = new ScenarioChecks(Scenario.PROSODY13_RECORDS, release);
    checks.check("ProsodyVersion.installed reads the release's prosody.version", () -> {
      Optional<ProsodyVersion> version = ProsodyVersion.installed(release.versionFile());
      assertEquals(Optional.of(release.is13() ? ProsodyVersion.V13_0 : ProsodyVersion.V0_12), version,
          () -> checks.describe(null, release.versionFile()));
      assertEquals(release.is13(), version.orElseThrow().writesTimestamps(), () -> checks.describe(null, release.versionFile()));
    });

    if (!MountNamespace.available()) {
      checks.fact("command line reading this release's prosody.version", "not run: needs root and unshare --mount");
      checks.assertAllPassed();
      return;
    }
    // The command line reads the version from Debian's fixed path. In a private mount namespace
    // that path shows this release's file, so the unpacked 13 counts as the installed Prosody.
    ProsodyInstance instance = SERVERS.fresh(release);
    VirtualHost host = HOSTS.get(0);
    HostAccounts library = ProsodyAccounts.open(instance.dataPath()).host(host.name(), host.settings());
    Path autoFile = library.accountFile("auto");
    checks.check("CLI without --prosody-version follows the installed prosody.version", () -> {
      CommandResult result =
          ToolCli.run(MountNamespace.bind(release.versionFile(), INSTALLED_VERSION_FILE), "",
              args(instance, host, List.of(), "register", "auto", host.name(), "auto-pw"));
      assertEquals(0, result.exitCode(), () -> checks.describe(null, autoFile) + ": " + result);
      LuaTable record = library.record("auto").orElseThrow();
      assertEquals(release.is13(), record.containsKey(AccountRecords.CREATED),
          () -> checks.describe(null, autoFile) + ": created, with " + release.versionFile()
              + " installed");
      checks.fact("CLI register without --prosody-version, this release's prosody.version installed",
          ProsodyRewritesAccountsIT.fieldNames(record));
    });
    checks.assertAllPassed();
  }

  @ParameterizedTest
  @EnumSource(ProsodyRelease.class)
  void hostRecordsChooseFormatWithoutVersionFile(ProsodyRelease release) throws Exception {
    ScenarioChecks checks = new ScenarioChecks(Scenario.PROSODY13_RECORDS, release);
    ProsodyInstance instance = SERVERS.fresh(release);
    if (!MountNamespace.available()) {
      checks.fact("command line without a prosody.version", "not run: needs root and unshare --mount");
      checks.assertAllPassed();
      return;
    }
    VirtualHost host = HOSTS.get(0);
    HostAccounts library = ProsodyAccounts.open(instance.dataPath()).host(host.name(), host.settings());
    CommandResult registered = instance.prosodyctl("", "register", "by-prosodyctl", host.name(), "pw");
    Path file = library.accountFile("follower");

    checks.check("CLI without --prosody-version or prosody.version follows the host's records (prosodyctl register)",
        () -> {
          assertEquals(0, registered.exitCode(), () -> checks.describe(null, file) + ": prosodyctl: " + registered);
          boolean prosodyWroteTimestamps = library.record("by-prosodyctl").orElseThrow().containsKey(AccountRecords.CREATED);
          assertEquals(release.is13(), prosodyWroteTimestamps, () -> checks.describe(null, file) + ": prosodyctl's record");
          // /dev/null in place of the version file exists but contains no version.
          CommandResult result =
              ToolCli.run(MountNamespace.bind(Path.of("/dev/null"), INSTALLED_VERSION_FILE), "",
                  args(instance, host, List.of(), "register", "follower", host.name(), "pw"));
          assertEquals(0, result.exitCode(), () -> checks.describe(null, file) + ": " + result);
          assertEquals(release.is13(), library.record("follower").orElseThrow().containsKey(AccountRecords.CREATED),
              () -> checks.describe(null, file) + ": created, beside a record of prosodyctl " + release.version());
        });
    checks.assertAllPassed();
  }

  @ParameterizedTest
  @EnumSource(ProsodyRelease.class)
  void lowIterationCountMatchesProsodyctl(ProsodyRelease release) throws Exception {
    ScenarioChecks checks = new ScenarioChecks(Scenario.PROSODY13_RECORDS, release);
    ProsodyInstance instance = SERVERS.fresh(release);
    Path config = instance.configFile();
    java.nio.file.Files.writeString(config, "default_iteration_count = 1000\n" + java.nio.file.Files.readString(config));
    VirtualHost host = HOSTS.get(0);
    HostAccounts library = ProsodyAccounts.open(instance.dataPath()).host(host.name(), host.settings());
    Path file = library.accountFile("by-tool");

    CommandResult registered = instance.prosodyctl("", "register", "by-prosodyctl", host.name(), "pw");
    CommandResult ours = ToolCli.run("", List.of("--config", config.toString(), "--prosody-version", release.version(),
        "register", "by-tool", host.name(), "pw"));

    checks.check("CLI writes the iteration count prosodyctl writes for default_iteration_count = 1000", () -> {
      assertEquals(0, registered.exitCode(), () -> checks.describe(null, file) + ": prosodyctl: " + registered);
      assertEquals(0, ours.exitCode(), () -> checks.describe(null, file) + ": " + ours);
      LuaData theirs = library.record("by-prosodyctl").orElseThrow().get(AccountRecords.ITERATION_COUNT).orElseThrow();
      LuaData mine = library.record("by-tool").orElseThrow().get(AccountRecords.ITERATION_COUNT).orElseThrow();
      assertEquals(new LuaInteger(release.is13() ? 4096 : 1000), theirs, () -> checks.describe(null, file) + ": prosodyctl's count");
      assertEquals(theirs, mine, () -> checks.describe(null, file) + ": the tool's count");
      assertEquals(release.is13(), ours.err().contains("which Prosody 13 uses instead"),
          () -> checks.describe(null, file) + ": the note: " + ours);
    });
    checks.assertAllPassed();
  }

  private static void expectTimestamp(
      ScenarioChecks checks, LuaTable record, String field, long before, long after, Object file) {
    Optional<LuaData> value = record.get(field);
    assertTrue(value.isPresent(), () -> checks.describe(null, file) + ": " + field + " is missing");
    assertTrue(value.get() instanceof LuaInteger,
        () -> checks.describe(null, file) + ": " + field + " is not an integer: " + value);
    long seconds = ((LuaInteger) value.get()).value();
    assertTrue(seconds >= before, () -> checks.describe(null, file) + ": " + field + " = " + seconds + " < " + before);
    assertTrue(seconds <= after, () -> checks.describe(null, file) + ": " + field + " = " + seconds + " > " + after);
  }

  private static CommandResult cli(ProsodyInstance server, VirtualHost host, List<String> options, String... command)
      throws IOException, InterruptedException {
    return ToolCli.run("", args(server, host, options, command));
  }

  private static List<String> args(ProsodyInstance server, VirtualHost host, List<String> options, String... command) {
    List<String> args = new ArrayList<>(List.of("--data-path", server.dataPath().toString()));
    args.addAll(host.cliOptions());
    args.addAll(options);
    args.addAll(List.of(command));
    return args;
  }
}
