package org.prosodyaccounts.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Include}: paths, wildcards, sections across files, missing files and cycles. */
class IncludeTest {

  @TempDir Path root;
  private ConfigFiles files;

  @BeforeEach
  void setUp() {
    files = new ConfigFiles(root);
  }

  @Test
  void includedFileStartsInGlobalSection() throws Exception {
    files.write(
        "conf.d/a.cfg.lua", "plugin_paths = { \"/p\" }\nVirtualHost \"a.example\"\nx = 1\n");
    ProsodyConfig config =
        files.loadMain("VirtualHost \"main.example\"\nInclude \"conf.d/a.cfg.lua\"\ny = 2\n");

    assertEquals(Optional.of(List.of("/p")), config.option("*", "plugin_paths"));
    assertEquals(Optional.of(1L), config.option("a.example", "x"));
    // After the Include the main file is still in its own section.
    assertEquals(Optional.of(2L), config.option("main.example", "y"));
    assertEquals(Optional.empty(), config.option("a.example", "y"));
  }

  @Test
  void globMatchesSortedWithoutDotfiles() throws Exception {
    files.write("conf.d/b.cfg.lua", "VirtualHost \"b.example\"\n");
    files.write("conf.d/a.cfg.lua", "VirtualHost \"a.example\"\n");
    files.write("conf.d/.hidden.cfg.lua", "VirtualHost \"hidden.example\"\n");
    files.write("conf.d/c.cfg.lua.dpkg-old", "VirtualHost \"old.example\"\n");
    files.write("conf.d/c.cfg.lua", "VirtualHost \"c.example\"\n");

    ProsodyConfig config = files.loadMain("Include \"conf.d/*.cfg.lua\"\n");

    assertEquals(
        List.of("a.example", "b.example", "c.example"), List.copyOf(config.hosts().keySet()));
    assertEquals(
        List.of(
            root.resolve("prosody.cfg.lua"),
            root.resolve("conf.d/a.cfg.lua"),
            root.resolve("conf.d/b.cfg.lua"),
            root.resolve("conf.d/c.cfg.lua")),
        config.files());
  }

  @Test
  void questionMarkMatchesOneCharacter() throws Exception {
    files.write("h1.lua", "VirtualHost \"one.example\"\n");
    files.write("h22.lua", "VirtualHost \"two.example\"\n");

    ProsodyConfig config = files.loadMain("Include \"h?.lua\"\n");

    assertEquals(List.of("one.example"), List.copyOf(config.hosts().keySet()));
  }

  @Test
  void nestedIncludeIsRelativeToItsOwnFile() throws Exception {
    files.write("conf.d/site.cfg.lua", "include \"parts/auth.cfg.lua\"\n");
    files.write("conf.d/parts/auth.cfg.lua", "VirtualHost \"auth.example\"\n");

    ProsodyConfig config = files.loadMain("Include \"conf.d/site.cfg.lua\"\n");

    assertTrue(config.host("auth.example").isPresent());
    assertEquals(
        root.resolve("conf.d/parts/auth.cfg.lua"),
        config.host("auth.example").orElseThrow().declaredIn());
  }

  @Test
  void absoluteIncludePath() throws Exception {
    Path elsewhere = files.write("elsewhere/x.cfg.lua", "VirtualHost \"x.example\"\n");

    ProsodyConfig config = files.loadMain("Include \"" + elsewhere + "\"\n");

    assertTrue(config.host("x.example").isPresent());
  }

  @Test
  void globWithoutMatchIncludesNothing() throws Exception {
    Files.createDirectories(root.resolve("conf.d"));

    ProsodyConfig config =
        files.loadMain("Include \"conf.d/*.cfg.lua\"\nVirtualHost \"a.example\"\n");

    assertEquals(List.of("a.example"), List.copyOf(config.hosts().keySet()));
    assertEquals(List.of(root.resolve("prosody.cfg.lua")), config.files());
  }

  @Test
  void globInMissingDirectoryFails() throws Exception {
    files.write("prosody.cfg.lua", "admins = {}\nInclude \"conf.d/*.cfg.lua\"\n");

    ConfigException e = assertThrows(ConfigException.class, () -> files.load("prosody.cfg.lua"));

    assertEquals(Optional.of(root.resolve("prosody.cfg.lua")), e.file());
    assertEquals(OptionalInt.of(2), e.line());
    assertEquals(
        "Include \"conf.d/*.cfg.lua\": cannot list the directory "
            + root.resolve("conf.d")
            + ": no such directory",
        e.detail());
  }

  @Test
  void missingIncludeNamesBothFiles() throws Exception {
    files.write("prosody.cfg.lua", "admins = {}\n\nInclude \"conf.d/missing.cfg.lua\"\n");

    ConfigException e = assertThrows(ConfigException.class, () -> files.load("prosody.cfg.lua"));

    assertEquals(Optional.of(root.resolve("prosody.cfg.lua")), e.file());
    assertEquals(OptionalInt.of(3), e.line());
    assertTrue(e.getMessage().contains(root.resolve("prosody.cfg.lua") + ":3: "), e.getMessage());
    assertTrue(
        e.getMessage().contains(root.resolve("conf.d/missing.cfg.lua") + ": no such file"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("; " + ConfigException.HINT), e.getMessage());
  }

  @Test
  void missingIncludeCanBeCaughtWithPcall() throws Exception {
    ProsodyConfig config =
        files.loadMain("ok = pcall(Include, \"missing.cfg.lua\")\nVirtualHost \"a.example\"\n");

    assertEquals(Optional.of(false), config.option("*", "ok"));
    assertTrue(config.host("a.example").isPresent());
  }

  @Test
  void includeCycleFails() throws Exception {
    files.write("conf.d/a.cfg.lua", "Include \"b.cfg.lua\"\n");
    files.write("conf.d/b.cfg.lua", "x = 1\nInclude \"a.cfg.lua\"\n");
    files.write("prosody.cfg.lua", "Include \"conf.d/a.cfg.lua\"\n");

    ConfigException e = assertThrows(ConfigException.class, () -> files.load("prosody.cfg.lua"));

    assertEquals(Optional.of(root.resolve("conf.d/b.cfg.lua")), e.file());
    assertEquals(OptionalInt.of(2), e.line());
    assertTrue(e.detail().contains("Include cycle"), e.detail());
    assertTrue(
        e.getMessage()
            .contains(
                "(included from "
                    + root.resolve("conf.d/a.cfg.lua")
                    + ":1, "
                    + root.resolve("prosody.cfg.lua")
                    + ":1)"),
        e.getMessage());
  }

  @Test
  void includeCycleThroughSymlinkFails() throws Exception {
    files.write("conf.avail/site.cfg.lua", "Include \"../conf.d/*.cfg.lua\"\n");
    Files.createDirectories(root.resolve("conf.d"));
    Files.createSymbolicLink(
        root.resolve("conf.d/site.cfg.lua"), Path.of("../conf.avail/site.cfg.lua"));

    ConfigException e =
        assertThrows(ConfigException.class, () -> files.loadMain("Include \"conf.d/*.cfg.lua\"\n"));

    assertTrue(e.detail().contains("Include cycle"), e.detail());
  }

  @Test
  void sameFileTwiceIsAllowed() throws Exception {
    files.write("common.lua", "count = (count or 0) + 1\n");

    ProsodyConfig config =
        files.loadMain(
            "Include \"common.lua\"\nInclude \"common.lua\"\nVirtualHost \"a.example\"\n");

    assertEquals(3, config.files().size());
  }

  @Test
  void includeDepthIsBounded() throws Exception {
    // A chain of files each including the next, longer than the limit.
    for (int i = 0; i < Limits.MAX_INCLUDE_DEPTH + 2; i++) {
      files.write("f" + i + ".lua", "Include \"f" + (i + 1) + ".lua\"\n");
    }
    files.write("prosody.cfg.lua", "Include \"f0.lua\"\n");

    ConfigException e = assertThrows(ConfigException.class, () -> files.load("prosody.cfg.lua"));

    assertTrue(e.detail().contains("nested Include levels"), e.detail());
  }

  @Test
  void includeOfDirectoryFails() throws Exception {
    Files.createDirectories(root.resolve("conf.d/dir.cfg.lua"));

    ConfigException e =
        assertThrows(ConfigException.class, () -> files.loadMain("Include \"conf.d/*.cfg.lua\"\n"));

    assertTrue(e.detail().endsWith("it is a directory"), e.detail());
  }

  @Test
  void includeNameMustBeString() throws Exception {
    ConfigException e = assertThrows(ConfigException.class, () -> files.loadMain("Include(42)\n"));

    assertEquals("Include needs a file name (a string), not number", e.detail());
  }
}
