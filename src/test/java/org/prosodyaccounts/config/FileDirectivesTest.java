package org.prosodyaccounts.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** Prosody 13.0's FileContents, FileLine, FileLines and Credential. */
class FileDirectivesTest {

  @TempDir Path root;
  private ConfigFiles files;

  @BeforeEach
  void setUp() {
    files = new ConfigFiles(root);
  }

  @Test
  void fileContentsLineAndLines() throws Exception {
    files.write("conf.d/secrets/turn.txt", "s3cret\nsecond line\n");
    files.write("conf.d/admins.txt", "a@example.org\nb@example.org\n\nlast-without-newline");
    files.write(
        "conf.d/site.cfg.lua",
        "turn_all = FileContents(\"secrets/turn.txt\")\n"
            + "turn_secret = FileLine(\"secrets/turn.txt\")\n"
            + "admins = FileLines(\"./admins.txt\")\n");

    ProsodyConfig config = files.loadMain("Include \"conf.d/site.cfg.lua\"\n");

    assertEquals(Optional.of("s3cret\nsecond line\n"), config.option("*", "turn_all"));
    assertEquals(Optional.of("s3cret"), config.option("*", "turn_secret"));
    assertEquals(
        Optional.of(List.of("a@example.org", "b@example.org", "", "last-without-newline")),
        config.option("*", "admins"));
  }

  @Test
  void fileContentsOfMissingFile() throws Exception {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> files.loadMain("\nx = FileContents(\"nope.txt\")\n"));

    assertEquals(OptionalInt.of(2), e.line());
    assertEquals(
        "FileContents: cannot read " + root.resolve("nope.txt") + ": no such file", e.detail());
  }

  @Test
  void fileLineOfEmptyFile() throws Exception {
    files.write("empty.txt", "");

    ConfigException e =
        assertThrows(ConfigException.class, () -> files.loadMain("x = FileLine(\"empty.txt\")\n"));

    assertEquals("FileLine: " + root.resolve("empty.txt") + " is empty", e.detail());
  }

  @Test
  void credentialReadsFromCredentialsDirectory() throws Exception {
    Path credentials = root.resolve("run/credentials/prosody.service");
    files.write("run/credentials/prosody.service/db-password", "hunter2");
    files.write("prosody.cfg.lua", "sql = { password = Credential(\"db-password\") }\n");

    ProsodyConfig config =
        files.load("prosody.cfg.lua", Map.of("CREDENTIALS_DIRECTORY", credentials.toString()));

    assertEquals(Optional.of(Map.of("password", "hunter2")), config.option("*", "sql"));
  }

  @Test
  void credentialWithoutDirectoryLeavesUnrelatedOptionUnset() throws Exception {
    ProsodyConfig config =
        files.loadMain("VirtualHost \"a.example\"\nturn_secret = Credential(\"turn\")\n");

    assertEquals(Optional.empty(), config.option("a.example", "turn_secret"));
    assertEquals(1, config.warnings().size());
    assertTrue(
        config.warnings().get(0).contains("CREDENTIALS_DIRECTORY"), config.warnings().get(0));
  }

  @Test
  void credentialWithoutDirectoryFailsForAuthOption() throws Exception {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                files.loadMain(
                    "VirtualHost \"a.example\"\npassword_hash = Credential(\"hash\")\n"));

    assertEquals(OptionalInt.of(2), e.line());
    assertEquals(
        "the option password_hash for host a.example cannot be read: Credential(\"hash\") needs the"
            + " environment variable CREDENTIALS_DIRECTORY, which is not set; set it to the"
            + " directory that holds the credential files",
        e.detail());
  }
}
