package org.prosodyaccounts.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The configurations of the test deployments of Prosody 0.12 and 13, and a Jitsi Meet layout. */
class FixtureConfigsTest {

  private static final List<String> FIXTURE_HOSTS =
      List.of(
          "meet.example.org",
          "auth.meet.example.org",
          "recorder.meet.example.org",
          "guest.meet.example.org",
          "vault.example.org",
          "old.example.org",
          "conference.meet.example.org",
          "focus.meet.example.org");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"prosody-0.12", "prosody-13"})
  void fixtureHostsInDeclarationOrder(String version) throws Exception {
    ProsodyConfig config = load(version);

    assertEquals(FIXTURE_HOSTS, List.copyOf(config.hosts().keySet()));
    Path main = ConfigFiles.FIXTURES.resolve(version).resolve("prosody.cfg.lua");
    Path included =
        ConfigFiles.FIXTURES.resolve(version).resolve("conf.d/meet.example.org.cfg.lua");
    assertEquals(List.of(main, included), config.files());
    assertEquals(Optional.of("/var/lib/prosody"), config.dataPath());
    assertEquals(Optional.empty(), config.prosodyUser());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"prosody-0.12", "prosody-13"})
  void fixtureHostSettings(String version) throws Exception {
    ProsodyConfig config = load(version);
    Path included =
        ConfigFiles.FIXTURES.resolve(version).resolve("conf.d/meet.example.org.cfg.lua");

    HostConfig auth = config.host("auth.meet.example.org").orElseThrow();
    assertEquals(HostKind.VIRTUAL_HOST, auth.kind());
    assertEquals("internal_hashed", auth.authentication());
    assertEquals(Optional.empty(), auth.passwordHash());
    assertEquals(OptionalInt.empty(), auth.defaultIterationCount());
    assertEquals("internal", auth.accountsStorage());
    assertTrue(auth.storesAccountsInFiles());
    assertTrue(auth.enabled());
    assertEquals(included, auth.declaredIn());
    assertEquals(12, auth.declaredAtLine());

    assertEquals(
        "internal_plain", config.host("recorder.meet.example.org").orElseThrow().authentication());
    assertEquals("anonymous", config.host("guest.meet.example.org").orElseThrow().authentication());
    assertEquals(
        Optional.of("SHA-256"), config.host("vault.example.org").orElseThrow().passwordHash());
    assertEquals(
        "internal_hashed", config.host("vault.example.org").orElseThrow().authentication());

    HostConfig old = config.host("old.example.org").orElseThrow();
    assertFalse(old.enabled());
    assertEquals("internal_hashed", old.authentication());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"prosody-0.12", "prosody-13"})
  void fixtureComponents(String version) throws Exception {
    ProsodyConfig config = load(version);

    HostConfig conference = config.host("conference.meet.example.org").orElseThrow();
    assertEquals(HostKind.COMPONENT, conference.kind());
    assertEquals(Optional.of("muc"), conference.componentModule());
    assertEquals("memory", conference.accountsStorage());
    assertEquals(
        Optional.of(false), config.option("conference.meet.example.org", "muc_room_locking"));

    HostConfig focus = config.host("focus.meet.example.org").orElseThrow();
    assertEquals(HostKind.COMPONENT, focus.kind());
    assertEquals(Optional.of("client_proxy"), focus.componentModule());
    assertEquals("internal", focus.accountsStorage());
    assertEquals(
        Optional.of("focus@auth.meet.example.org"),
        config.option("focus.meet.example.org", "target_address"));
  }

  @Test
  void fixtureOptionsFallBackToGlobal() throws Exception {
    ProsodyConfig config = load("prosody-13");

    assertEquals(
        Optional.of(List.of("s2s")), config.option("meet.example.org", "modules_disabled"));
    assertEquals(
        Optional.of(List.of("focus@auth.meet.example.org")),
        config.option("auth.meet.example.org", "admins"));
    assertEquals(Optional.of(List.of()), config.option("meet.example.org", "admins"));
    assertEquals(Optional.of(List.of(35222L)), config.option("*", "c2s_ports"));
    assertEquals(
        Optional.of(Map.of("debug", "/var/log/prosody/prosody.log")), config.option("*", "log"));
    assertEquals(
        Optional.of(List.of("/usr/local/lib/prosody/modules")),
        config.option("no.such.host", "plugin_paths"));
  }

  @Test
  void jitsiLayoutHosts() throws Exception {
    ProsodyConfig config = load("jitsi");

    assertEquals(
        List.of(
            "localhost",
            "meet.example.org",
            "conference.meet.example.org",
            "breakout.meet.example.org",
            "internal.auth.meet.example.org",
            "auth.meet.example.org",
            "recorder.meet.example.org",
            "guest.meet.example.org",
            "focus.meet.example.org",
            "speakerstats.meet.example.org",
            "conferenceduration.meet.example.org",
            "avmoderation.meet.example.org",
            "lobby.meet.example.org",
            "jigasi.meet.jitsi"),
        List.copyOf(config.hosts().keySet()));
    assertEquals(Optional.of("/var/lib/prosody"), config.dataPath());
    Path link = ConfigFiles.FIXTURES.resolve("jitsi/conf.d/meet.example.org.cfg.lua");
    assertEquals(
        List.of(ConfigFiles.FIXTURES.resolve("jitsi/prosody.cfg.lua"), link), config.files());
  }

  @Test
  void jitsiLayoutSettings() throws Exception {
    ProsodyConfig config = load("jitsi");

    assertEquals("internal_hashed", config.host("localhost").orElseThrow().authentication());
    assertEquals("jitsi-anonymous", config.host("meet.example.org").orElseThrow().authentication());
    assertEquals(
        "internal_hashed", config.host("auth.meet.example.org").orElseThrow().authentication());
    assertEquals(
        "internal_hashed", config.host("recorder.meet.example.org").orElseThrow().authentication());
    assertEquals("anonymous", config.host("guest.meet.example.org").orElseThrow().authentication());
    assertTrue(config.host("auth.meet.example.org").orElseThrow().storesAccountsInFiles());

    HostConfig internal = config.host("internal.auth.meet.example.org").orElseThrow();
    assertEquals(HostKind.COMPONENT, internal.kind());
    assertEquals(Optional.of("muc"), internal.componentModule());
    assertEquals("memory", internal.accountsStorage());

    HostConfig focus = config.host("focus.meet.example.org").orElseThrow();
    assertEquals(Optional.of("client_proxy"), focus.componentModule());
    assertEquals(
        "memory", config.host("conference.meet.example.org").orElseThrow().accountsStorage());

    HostConfig jigasi = config.host("jigasi.meet.jitsi").orElseThrow();
    assertFalse(jigasi.enabled());
    assertEquals(HostKind.VIRTUAL_HOST, jigasi.kind());
    assertEquals("token", jigasi.authentication());
  }

  private static ProsodyConfig load(String fixture) throws ConfigException {
    return ProsodyConfig.load(
        ConfigFiles.FIXTURES.resolve(fixture).resolve("prosody.cfg.lua"), Map.of());
  }
}
