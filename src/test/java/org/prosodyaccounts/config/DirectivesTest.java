package org.prosodyaccounts.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code VirtualHost}, {@code Component}, sections and names, as Prosody's configmanager has them.
 */
class DirectivesTest {

  @TempDir Path root;
  private ConfigFiles files;

  @BeforeEach
  void setUp() {
    files = new ConfigFiles(root);
  }

  @Test
  void sectionLastsUntilNextHostDirective() throws Exception {
    ProsodyConfig config =
        files.loadMain(
            "a = 'global'\n"
                + "VirtualHost \"one.example\"\n"
                + "b = 'one'\n"
                + "  -- indentation means nothing\n"
                + "c = 'still one'\n"
                + "Component \"two.example\" \"muc\"\n"
                + "d = 'two'\n");

    assertEquals(Optional.of("global"), config.option("*", "a"));
    assertEquals(Optional.of("one"), config.option("one.example", "b"));
    assertEquals(Optional.of("still one"), config.option("one.example", "c"));
    assertEquals(Optional.empty(), config.option("one.example", "d"));
    assertEquals(Optional.of("two"), config.option("two.example", "d"));
    assertEquals(Optional.empty(), config.option("*", "b"));
  }

  @Test
  void hostAliases() throws Exception {
    ProsodyConfig config =
        files.loadMain("Host \"a.example\"\nhost \"b.example\"\ncomponent \"c.example\" \"muc\"\n");

    assertEquals(HostKind.VIRTUAL_HOST, config.host("a.example").orElseThrow().kind());
    assertEquals(HostKind.VIRTUAL_HOST, config.host("b.example").orElseThrow().kind());
    assertEquals(HostKind.COMPONENT, config.host("c.example").orElseThrow().kind());
  }

  @Test
  void tableFormReturnsToGlobal() throws Exception {
    ProsodyConfig config =
        files.loadMain(
            "VirtualHost \"a.example\" { authentication = \"internal_plain\" }\n"
                + "after_host = 1\n"
                + "Component \"m.example\" \"muc\" { storage = \"memory\" }\n"
                + "after_muc = 2\n"
                + "Component \"ext.example\" { component_secret = \"s\" }\n"
                + "after_external = 3\n");

    assertEquals("internal_plain", config.host("a.example").orElseThrow().authentication());
    assertEquals(Optional.of(1L), config.option("*", "after_host"));
    assertEquals("memory", config.host("m.example").orElseThrow().accountsStorage());
    assertEquals(Optional.of(2L), config.option("*", "after_muc"));
    assertEquals(Optional.of("s"), config.option("ext.example", "component_secret"));
    assertEquals(Optional.of(3L), config.option("*", "after_external"));
  }

  @Test
  void bareComponentIsExternal() throws Exception {
    ProsodyConfig config =
        files.loadMain("Component \"gateway.example\"\n  component_secret = \"x\"\n");

    HostConfig gateway = config.host("gateway.example").orElseThrow();
    assertEquals(HostKind.COMPONENT, gateway.kind());
    assertEquals(Optional.of("component"), gateway.componentModule());
    assertEquals(Optional.of(false), config.option("gateway.example", "load_global_modules"));
    assertEquals(Optional.of("x"), config.option("gateway.example", "component_secret"));
  }

  @Test
  void namesAreNameprepped() throws Exception {
    ProsodyConfig config =
        files.loadMain(
            "VirtualHost \"Meet.Example.ORG\"\n"
                + "VirtualHost \"Stra\u00dfe.example\"\n"
                + "Component \"\uff23ONF.example\" \"muc\"\n");

    assertEquals(
        List.of("meet.example.org", "strasse.example", "conf.example"),
        List.copyOf(config.hosts().keySet()));
  }

  @Test
  void trailingDotIsKept() throws Exception {
    // Prosody's configmanager Namepreps the name without the JID rule that drops one trailing
    // dot, so this section is "meet.example.org." and not "meet.example.org".
    ProsodyConfig config = files.loadMain("VirtualHost \"Meet.Example.ORG.\"\n");

    assertEquals(List.of("meet.example.org."), List.copyOf(config.hosts().keySet()));
    assertEquals(Optional.empty(), config.host("meet.example.org"));
  }

  @Test
  void sameHostTwiceIsOneSection() throws Exception {
    ProsodyConfig config =
        files.loadMain(
            "VirtualHost \"a.example\"\n"
                + "x = 1\n"
                + "VirtualHost \"b.example\"\n"
                + "VirtualHost \"A.example\"\n"
                + "y = 2\n");

    assertEquals(List.of("a.example", "b.example"), List.copyOf(config.hosts().keySet()));
    assertEquals(Optional.of(1L), config.option("a.example", "x"));
    assertEquals(Optional.of(2L), config.option("a.example", "y"));
    assertEquals(1, config.host("a.example").orElseThrow().declaredAtLine());
  }

  @Test
  void virtualHostAfterComponentClashes() throws Exception {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                files.loadMain(
                    "Component \"conf.example\" \"muc\"\n\nVirtualHost \"Conf.example\"\n"));

    assertEquals(OptionalInt.of(3), e.line());
    assertEquals(
        "Host \"conf.example\" clashes with previously defined MUC Component \"conf.example\", for"
            + " services use a sub-domain like conference.conf.example",
        e.detail());
  }

  @Test
  void componentAfterVirtualHostClashes() throws Exception {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> files.loadMain("VirtualHost \"a.example\"\nComponent \"a.example\"\n"));

    assertEquals(OptionalInt.of(2), e.line());
    assertTrue(
        e.detail()
            .startsWith("Component \"a.example\" clashes with previously defined VirtualHost"),
        e.detail());
  }

  @Test
  void invalidNamesAndForms() throws Exception {
    assertEquals(
        "Host must have a name",
        assertThrows(ConfigException.class, () -> files.loadMain("VirtualHost()\n")).detail());
    assertEquals(
        "Name of Host \"a\ue000b\" contains forbidden characters",
        assertThrows(
                ConfigException.class, () -> files.loadMain("VirtualHost \"a\\238\\128\\128b\"\n"))
            .detail());
    assertTrue(
        assertThrows(ConfigException.class, () -> files.loadMain("Component \"a\\255b\"\n"))
            .detail()
            .startsWith("Name of Component \"a"));
    assertEquals(
        "VirtualHost entries do not accept a module name (module 'muc' provided for host"
            + " 'a.example')",
        assertThrows(
                ConfigException.class, () -> files.loadMain("VirtualHost \"a.example\" \"muc\"\n"))
            .detail());
    assertEquals(
        "bad argument #1 to 'Component' (string expected, got table)",
        assertThrows(ConfigException.class, () -> files.loadMain("Component {}\n")).detail());
  }

  @Test
  void disabledHostIsStillAHost() throws Exception {
    ProsodyConfig config =
        files.loadMain(
            "VirtualHost \"off.example\"\nenabled = false\nVirtualHost \"on.example\"\n");

    assertFalse(config.host("off.example").orElseThrow().enabled());
    assertTrue(config.host("on.example").orElseThrow().enabled());
  }

  @Test
  void globalEnabledFalseDisablesEveryHost() throws Exception {
    ProsodyConfig config =
        files.loadMain(
            "enabled = false\n"
                + "VirtualHost \"a.example\"\n"
                + "VirtualHost \"b.example\"\n"
                + "enabled = true\n");

    assertFalse(config.host("a.example").orElseThrow().enabled());
    assertTrue(config.host("b.example").orElseThrow().enabled());
  }

  @Test
  void environmentVariables() throws Exception {
    files.write(
        "prosody.cfg.lua",
        "data_path = ENV_PROSODY_DATA\n"
            + "VirtualHost (ENV_DOMAIN)\n"
            + "authentication = os.getenv('AUTH')\n"
            + "missing = ENV_NOT_SET == nil\n");

    ProsodyConfig config =
        files.load(
            "prosody.cfg.lua",
            Map.of(
                "PROSODY_DATA", "/srv/prosody", "DOMAIN", "Meet.Jitsi", "AUTH", "internal_plain"));

    assertEquals(Optional.of("/srv/prosody"), config.dataPath());
    assertEquals("internal_plain", config.host("meet.jitsi").orElseThrow().authentication());
    assertEquals(Optional.of(true), config.option("meet.jitsi", "missing"));
  }

  @Test
  void optionReadAsVariable() throws Exception {
    ProsodyConfig config =
        files.loadMain(
            "base = 'meet.example.org'\n"
                + "muc = 'conference.' .. base\n"
                + "modules_enabled = { 'ping' }\n"
                + "modules_enabled:append { 'bosh' }\n"
                + "modules_enabled { 'websocket' }\n"
                + "VirtualHost (base)\n"
                + "seen = base\n");

    assertEquals(Optional.of("conference.meet.example.org"), config.option("*", "muc"));
    assertEquals(
        Optional.of(List.of("ping", "bosh", "websocket")), config.option("*", "modules_enabled"));
    // The lookup is in the current section only: 'base' is global, so the host reads nil.
    assertEquals(Optional.empty(), config.option("meet.example.org", "seen"));
    assertTrue(
        config.warnings().stream()
            .anyMatch(w -> w.contains("reads the option 'base' as a variable")));
    assertTrue(
        config.warnings().stream().anyMatch(w -> w.contains("unknown name 'base' reads as nil")));
  }

  @Test
  void duplicateOptionWarns() throws Exception {
    ProsodyConfig config = files.loadMain("admins = {}\nadmins = { 'a@b' }\n");

    assertEquals(Optional.of(List.of("a@b")), config.option("*", "admins"));
    assertEquals(
        List.of(root.resolve("prosody.cfg.lua") + ":2: duplicate option 'admins' in section \"*\""),
        config.warnings());
  }

  @Test
  void unknownBareWordWarns() throws Exception {
    ProsodyConfig config = files.loadMain("authentication = internal_plain\n");

    assertEquals(Optional.empty(), config.option("*", "authentication"));
    assertEquals(
        List.of(
            root.resolve("prosody.cfg.lua")
                + ":1: unknown name 'internal_plain' reads as nil (missing quotes around a"
                + " value?)"),
        config.warnings());
  }

  @Test
  void assigningNilRemovesAnOption() throws Exception {
    ProsodyConfig config =
        files.loadMain(
            "authentication = 'internal_plain'\n"
                + "VirtualHost 'a.example'\n"
                + "authentication = 'x'\n"
                + "authentication = nil\n");

    assertEquals("internal_plain", config.host("a.example").orElseThrow().authentication());
  }

  @Test
  void optionValuesAsJava() throws Exception {
    ProsodyConfig config =
        files.loadMain(
            "s = 'text'\n"
                + "i = 42\n"
                + "f = 1.5\n"
                + "big = 2^40\n"
                + "b = true\n"
                + "list = { 'a', 'b' }\n"
                + "map = { key = 'v', [1] = 'one', [3] = 'three' }\n"
                + "nested = { inner = { 1, 2 } }\n"
                + "fn = function() end\n"
                + "local t = {} t.me = t selfref = t\n");

    assertEquals(Optional.of("text"), config.option("*", "s"));
    assertEquals(Optional.of(42L), config.option("*", "i"));
    assertEquals(Optional.of(1.5), config.option("*", "f"));
    assertEquals(Optional.of(1L << 40), config.option("*", "big"));
    assertEquals(Optional.of(true), config.option("*", "b"));
    assertEquals(Optional.of(List.of("a", "b")), config.option("*", "list"));
    assertEquals(
        Optional.of(Map.of("key", "v", 1L, "one", 3L, "three")), config.option("*", "map"));
    assertEquals(Optional.of(Map.of("inner", List.of(1L, 2L))), config.option("*", "nested"));
    assertEquals(Optional.of("<function>"), config.option("*", "fn"));
    assertEquals(Optional.of(Map.of("me", "<cycle>")), config.option("*", "selfref"));
  }

  @Test
  void warningsAreCapped() throws Exception {
    ProsodyConfig config = files.loadMain("for i = 1, 1000 do local x = undefined_name end\n");

    assertEquals(ConfigRun.MAX_WARNINGS + 1, config.warnings().size());
    assertEquals("900 more warnings are not shown", config.warnings().get(ConfigRun.MAX_WARNINGS));
  }
}
