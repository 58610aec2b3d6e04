package org.prosodyaccounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProsodyVersionTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({"0.12.3, 0, 12, false", "0.12, 0, 12, false", "13.0.1, 13, 0, true", "13, 13, 0, true", "13.0.1-1~bpo12+1, 13, 0, true", "0.11.14, 0, 11, false", "14.2, 14, 2, true"})
  void parsesReleases(String text, int major, int minor, boolean timestamps) {
    ProsodyVersion version = ProsodyVersion.parse(text).orElseThrow();

    assertEquals(new ProsodyVersion(major, minor), version);
    assertEquals(timestamps, version.writesTimestamps());
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"unknown", "", "v13", "13.x", "trunk"})
  void rejectsNonVersions(String text) {
    assertEquals(Optional.empty(), ProsodyVersion.parse(text));
  }

  @Test
  void readsInstalledVersionFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("prosody.version"), "13.0.1\n");

    assertEquals(Optional.of(ProsodyVersion.V13_0), ProsodyVersion.installed(file));
    assertEquals(Optional.empty(), ProsodyVersion.installed(dir.resolve("missing")));
    assertTrue(ProsodyVersion.V13_0.compareTo(ProsodyVersion.V0_12) > 0);
    assertFalse(ProsodyVersion.V0_12.writesTimestamps());
  }
}
