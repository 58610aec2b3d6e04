package org.prosodyaccounts.reliability;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.prosodyaccounts.config.ConfigException;
import org.prosodyaccounts.config.ProsodyConfig;

/**
 * Coverage-guided fuzzing of the sandboxed configuration reader on a temporary file. Without
 * {@code JAZZER_FUZZ} this runs the seed corpus in {@code ConfigFuzzTestInputs/load/} once. The
 * only accepted failure is {@link ConfigException}.
 *
 * <p>The file lives in a folder of its own with a marker file beside it: a configuration that
 * escaped the sandbox could remove or create files there, which {@link #folderUnchanged} checks.
 */
public class ConfigFuzzTest {

  private static Path folder;
  private static Path config;

  @BeforeAll
  static void createFolder() throws IOException {
    folder = Files.createTempDirectory("config-fuzz");
    config = folder.resolve("prosody.cfg.lua");
    Files.writeString(folder.resolve("marker"), "unchanged");
  }

  @AfterAll
  static void deleteFolder() throws IOException {
    try (var entries = Files.list(folder)) {
      for (Path entry : entries.toList()) {
        Files.delete(entry);
      }
    }
    Files.delete(folder);
  }

  /** Prepares the folder for Jazzer's standalone driver, which the long runs use. */
  public static void fuzzerInitialize() throws IOException {
    createFolder();
  }

  /** Runs one input through {@link #load}: the entry point of Jazzer's standalone driver. */
  public static void fuzzerTestOneInput(byte[] source) throws IOException {
    new ConfigFuzzTest().load(source);
  }

  @FuzzTest(maxDuration = "30s")
  @DictionaryFile(resourcePath = "config.dict")
  void load(byte[] source) throws IOException {
    Files.write(config, source);
    try {
      ProsodyConfig.load(config, Map.of("PROSODY_FUZZ", "x"));
      FuzzFigures.accepted("load");
    } catch (ConfigException e) {
      FuzzFigures.rejected("load");
    }
    folderUnchanged();
  }

  private static void folderUnchanged() {
    try (var entries = Files.list(folder)) {
      long count = entries.count();
      if (count != 2 || !Files.readString(folder.resolve("marker")).equals("unchanged")) {
        throw new IllegalStateException("the configuration changed its folder: " + count + " entries");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
