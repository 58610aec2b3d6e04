package org.prosodyaccounts.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Per-host overrides of global options and the effective values derived from them. */
class HostSettingsTest {

  @TempDir Path root;
  private ConfigFiles files;

  @BeforeEach
  void setUp() {
    files = new ConfigFiles(root);
  }

  @Test
  void hostOverridesGlobal() throws Exception {
    ProsodyConfig config =
        files.loadMain(
            "authentication = \"internal_plain\"\n"
                + "password_hash = \"SHA-256\"\n"
                + "default_iteration_count = 20000\n"
                + "storage = \"sql\"\n"
                + "VirtualHost \"inherits.example\"\n"
                + "VirtualHost \"own.example\"\n"
                + "  authentication = \"internal_hashed\"\n"
                + "  password_hash = \"SHA-1\"\n"
                + "  default_iteration_count = 4096\n"
                + "  storage = { accounts = \"internal\", archive = \"sql\" }\n");

    HostConfig inherits = config.host("inherits.example").orElseThrow();
    assertEquals("internal_plain", inherits.authentication());
    assertEquals(Optional.of("SHA-256"), inherits.passwordHash());
    assertEquals(OptionalInt.of(20000), inherits.defaultIterationCount());
    assertEquals("sql", inherits.accountsStorage());
    assertEquals(false, inherits.storesAccountsInFiles());

    HostConfig own = config.host("own.example").orElseThrow();
    assertEquals("internal_hashed", own.authentication());
    assertEquals(Optional.of("SHA-1"), own.passwordHash());
    assertEquals(OptionalInt.of(4096), own.defaultIterationCount());
    assertEquals("internal", own.accountsStorage());
    assertEquals(true, own.storesAccountsInFiles());
  }

  @Test
  void defaultsWhenNothingIsSet() throws Exception {
    HostConfig host = files.loadMain("VirtualHost \"a.example\"\n").host("a.example").orElseThrow();

    assertEquals("internal_hashed", host.authentication());
    assertEquals(Optional.empty(), host.passwordHash());
    assertEquals(OptionalInt.empty(), host.defaultIterationCount());
    assertEquals("internal", host.accountsStorage());
    assertEquals(Optional.empty(), host.componentModule());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "storage = 'sql'                                                  | sql",
        "storage = { accounts = 'sql' }                                   | sql",
        "storage = { roster = 'sql' }                                     | internal",
        "storage = { roster = 'sql' } default_storage = 'sql'             | sql",
        "default_storage = 'sql'                                          | sql",
        "storage = 'sql2'                                                 | sql",
        "storage = 'null'                                                 | 'null'",
        "storage = 'memory'                                               | memory",
        "storage = 'internal'                                             | internal",
      })
  void accountsStorageOfOneHost(String options, String expected) throws Exception {
    ProsodyConfig config = files.loadMain("VirtualHost \"a.example\"\n" + options + "\n");

    assertEquals(
        expected.replace("'", ""), config.host("a.example").orElseThrow().accountsStorage());
  }

  @Test
  void hostStorageTableHidesGlobalString() throws Exception {
    // storagemanager reads 'storage' once with the global fallback: the host's table wins, and a
    // store missing from it goes to default_storage, not to the global 'storage'.
    ProsodyConfig config =
        files.loadMain(
            "storage = \"sql\"\nVirtualHost \"a.example\"\nstorage = { roster = \"sql\" }\n");

    assertEquals("internal", config.host("a.example").orElseThrow().accountsStorage());
  }

  @Test
  void anonymousLoginMeansAnonymous() throws Exception {
    ProsodyConfig config =
        files.loadMain(
            "VirtualHost \"a.example\"\n"
                + "authentication = \"internal_plain\"\n"
                + "anonymous_login = true\n");

    assertEquals("anonymous", config.host("a.example").orElseThrow().authentication());
  }

  @Test
  void iterationCountFromStringOrFloat() throws Exception {
    ProsodyConfig config =
        files.loadMain(
            "VirtualHost \"s.example\"\ndefault_iteration_count = \"15000\"\n"
                + "VirtualHost \"f.example\"\ndefault_iteration_count = 12345.9\n");

    assertEquals(
        OptionalInt.of(15000), config.host("s.example").orElseThrow().defaultIterationCount());
    assertEquals(
        OptionalInt.of(12345), config.host("f.example").orElseThrow().defaultIterationCount());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "authentication = { 'internal_plain' }        | invalid option authentication for host"
            + " a.example: it must be a string, not a table",
        "password_hash = 256                          | invalid option password_hash for host"
            + " a.example: it must be a string, not 256",
        "default_iteration_count = 'many'             | invalid option default_iteration_count for"
            + " host a.example: it must be a number such as 10000, not \"many\"",
        "default_iteration_count = 0                  | invalid option default_iteration_count for"
            + " host a.example: it must be between 1 and 2147483647, not 0",
        "storage = true                               | invalid option storage for host a.example:"
            + " it must be a string or a table, not a boolean",
        "storage = { accounts = 1 }                   | invalid option storage for host a.example:"
            + " its 'accounts' entry must be a string such as \"sql\", not a number",
      })
  void wrongOptionTypes(String option, String detail) throws Exception {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> files.loadMain("VirtualHost \"a.example\"\n\n" + option + "\n"));

    assertEquals(detail, e.detail());
    assertEquals(Optional.of(root.resolve("prosody.cfg.lua")), e.file());
    assertEquals(OptionalInt.of(3), e.line());
  }

  @Test
  void wrongGlobalOptionNamesGlobalLine() throws Exception {
    ConfigException e =
        assertThrows(ConfigException.class, () -> files.loadMain("data_path = { '/a' }\n"));

    assertEquals("invalid option data_path: it must be a string, not a table", e.detail());
    assertEquals(OptionalInt.of(1), e.line());
  }

  @Test
  void userAndGroup() throws Exception {
    ProsodyConfig config =
        files.loadMain("prosody_user = \"xmpp\"\nprosody_group = \"xmppgroup\"\n");

    assertEquals(Optional.of("xmpp"), config.prosodyUser());
    assertEquals(Optional.of("xmppgroup"), config.prosodyGroup());
    assertTrue(config.hosts().isEmpty());
  }
}
