package org.prosodyaccounts.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the configuration file as prosodyctl does, and reading it by a relative path. */
class LocateTest {

  @TempDir Path root;

  private static final Path WORKING_DIRECTORY = Path.of("").toAbsolutePath();

  @Test
  void optionWins() {
    Path located =
        ProsodyConfig.locate(
            Optional.of(Path.of("/srv/p.cfg.lua")), Map.of("PROSODY_CONFIG", "/x"));

    assertEquals(Path.of("/srv/p.cfg.lua"), located);
  }

  @Test
  void relativeOptionIsAgainstWorkingDirectory() throws Exception {
    Path file = Files.createTempFile(WORKING_DIRECTORY.resolve("target"), "locate", ".cfg.lua");
    try {
      Path relative = WORKING_DIRECTORY.relativize(file);

      assertEquals(file, ProsodyConfig.locate(Optional.of(relative), Map.of(), root));
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void relativeOptionFallsBackToConfigDirectory() throws Exception {
    Path inConfigDirectory = Files.writeString(root.resolve("other.cfg.lua"), "");

    Path located = ProsodyConfig.locate(Optional.of(Path.of("other.cfg.lua")), Map.of(), root);

    assertEquals(inConfigDirectory, located);
  }

  @Test
  void missingRelativeOptionStaysInWorkingDirectory() {
    Path located = ProsodyConfig.locate(Optional.of(Path.of("nowhere.cfg.lua")), Map.of(), root);

    assertEquals(WORKING_DIRECTORY.resolve("nowhere.cfg.lua"), located);
  }

  @Test
  void environmentVariableIsSecond() {
    assertEquals(
        Path.of("/etc/jitsi/prosody.cfg.lua"),
        ProsodyConfig.locate(
            Optional.empty(), Map.of("PROSODY_CONFIG", "/etc/jitsi/prosody.cfg.lua")));
    assertEquals(
        WORKING_DIRECTORY.resolve("rel.cfg.lua"),
        ProsodyConfig.locate(Optional.empty(), Map.of("PROSODY_CONFIG", "rel.cfg.lua")));
  }

  @Test
  void defaultIsEtcProsody() {
    assertEquals(
        Path.of("/etc/prosody/prosody.cfg.lua"), ProsodyConfig.locate(Optional.empty(), Map.of()));
    assertEquals(
        Path.of("/etc/prosody/prosody.cfg.lua"),
        ProsodyConfig.locate(Optional.empty(), Map.of("PROSODY_CONFIG", "")));
  }

  @Test
  void loadByRelativePathResolvesIncludes() throws Exception {
    Path directory =
        Files.createTempDirectory(WORKING_DIRECTORY.resolve("target"), "relative-config");
    try {
      Files.createDirectories(directory.resolve("conf.d"));
      Files.writeString(directory.resolve("prosody.cfg.lua"), "Include \"conf.d/*.cfg.lua\"\n");
      Files.writeString(directory.resolve("conf.d/a.cfg.lua"), "VirtualHost \"a.example\"\n");
      Path relative = WORKING_DIRECTORY.relativize(directory.resolve("prosody.cfg.lua"));
      assertTrue(!relative.isAbsolute());

      ProsodyConfig config = ProsodyConfig.load(relative, Map.of());

      assertEquals(List.of("a.example"), List.copyOf(config.hosts().keySet()));
      assertEquals(directory.resolve("prosody.cfg.lua"), config.files().get(0));
    } finally {
      Files.delete(directory.resolve("conf.d/a.cfg.lua"));
      Files.delete(directory.resolve("conf.d"));
      Files.delete(directory.resolve("prosody.cfg.lua"));
      Files.delete(directory);
    }
  }
}
