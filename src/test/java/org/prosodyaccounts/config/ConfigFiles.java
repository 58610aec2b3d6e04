package org.prosodyaccounts.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes configuration files under a test's temporary directory and reads them back. */
final class ConfigFiles {

  /** The fixture configurations under {@code testdata/config}. */
  static final Path FIXTURES = Path.of("testdata", "config").toAbsolutePath();

  private final Path root;

  ConfigFiles(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  /**
   * Writes {@code content} to {@code name} under the root, creating directories, and returns it.
   */
  Path write(String name, String content) throws IOException {
    Path file = root.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  ProsodyConfig load(String name) throws ConfigException {
    return ProsodyConfig.load(root.resolve(name), Map.of());
  }

  ProsodyConfig load(String name, Map<String, String> environment) throws ConfigException {
    return ProsodyConfig.load(root.resolve(name), environment);
  }

  /** Writes {@code content} as {@code prosody.cfg.lua} and reads it. */
  ProsodyConfig loadMain(String content) throws IOException, ConfigException {
    write("prosody.cfg.lua", content);
    return load("prosody.cfg.lua");
  }
}
