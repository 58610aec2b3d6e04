package org.prosodyaccounts.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Syntax and runtime errors: located at the file and line, worded as Lua 5.4 words them. */
class ErrorsTest {

  @TempDir Path root;
  private ConfigFiles files;

  @BeforeEach
  void setUp() {
    files = new ConfigFiles(root);
  }

  @Test
  void strayStatementInConfDFile() throws Exception {
    files.write(
        "conf.d/meet.example.org.cfg.lua",
        "VirtualHost \"meet.example.org\"\n"
            + "    authentication = \"internal_hashed\"\n"
            + "  oops here\n");
    files.write(
        "prosody.cfg.lua", "data_path = \"/var/lib/prosody\"\nInclude \"conf.d/*.cfg.lua\"\n");

    ConfigException e = assertThrows(ConfigException.class, () -> files.load("prosody.cfg.lua"));

    assertEquals(Optional.of(root.resolve("conf.d/meet.example.org.cfg.lua")), e.file());
    assertEquals(OptionalInt.of(3), e.line());
    assertTrue(e.detail().startsWith("syntax error: "), e.detail());
    assertEquals(
        "Cannot read the Prosody configuration: "
            + root.resolve("conf.d/meet.example.org.cfg.lua")
            + ":3: "
            + e.detail()
            + " (included from "
            + root.resolve("prosody.cfg.lua")
            + ":2); to go on without the configuration, give --data-path and --auth",
        e.getMessage());
  }

  @Test
  void callingNilNamesTheGlobal() throws Exception {
    ConfigException e =
        assertThrows(ConfigException.class, () -> files.loadMain("x = 1\n\nVirtualHostt \"a\"\n"));

    assertEquals(OptionalInt.of(3), e.line());
    assertEquals("attempt to call a nil value (global 'VirtualHostt')", e.detail());
  }

  @Test
  void errorInsideIncludedFunctionIsLocatedThere() throws Exception {
    files.write("lib.lua", "\n\nfunction broken() local t = nil; return t.field end\n");
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> files.loadMain("Include \"lib.lua\"\nx = broken()\n"));

    assertEquals(Optional.of(root.resolve("lib.lua")), e.file());
    assertEquals(OptionalInt.of(3), e.line());
    assertEquals("attempt to index a nil value (local 't')", e.detail());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "x = 1 + {}                   | attempt to perform arithmetic on a table value",
        "x = 'a' .. nil               | attempt to concatenate a nil value",
        "x = {} < {}                  | attempt to compare table with table",
        "x = #nil                     | attempt to get length of a nil value",
        "x = nosuch.field             | attempt to index a nil value (global 'nosuch')",
        "error('no storage for you')  | no storage for you",
        "x = = 1                      | syntax error: unexpected symbol near '='",
        "x = 'open                    | syntax error: unfinished string",
      })
  void luaMessages(String source, String detail) throws Exception {
    ConfigException e = assertThrows(ConfigException.class, () -> files.loadMain(source + "\n"));

    assertEquals(detail, e.detail());
    assertEquals(OptionalInt.of(1), e.line());
  }

  @Test
  void shebangLineIsSyntaxError() throws Exception {
    ConfigException e =
        assertThrows(ConfigException.class, () -> files.loadMain("#!/usr/bin/lua\nx = 1\n"));

    assertEquals("syntax error: unexpected symbol near '#'", e.detail());
    assertEquals(OptionalInt.of(1), e.line());
  }

  @Test
  void byteOrderMarkIsSyntaxError() throws Exception {
    ConfigException e =
        assertThrows(ConfigException.class, () -> files.loadMain("\uFEFFdata_path = \"/d\"\n"));

    assertTrue(e.detail().contains("byte order mark"), e.detail());
  }

  @Test
  void missingMainFile() {
    Path missing = root.resolve("nope.cfg.lua");

    ConfigException e =
        assertThrows(ConfigException.class, () -> ProsodyConfig.load(missing, Map.of()));

    assertEquals(Optional.of(missing), e.file());
    assertEquals(OptionalInt.empty(), e.line());
    assertEquals(
        "Cannot read the Prosody configuration: "
            + missing
            + ": cannot read the configuration file: no such file (give --config FILE or set"
            + " PROSODY_CONFIG); to go on without the configuration, give --data-path and --auth",
        e.getMessage());
  }

  @Test
  void mainFileLargerThanLimit() throws Exception {
    String big = "-- " + "x".repeat(Limits.MAX_FILE_BYTES) + "\n";

    ConfigException e = assertThrows(ConfigException.class, () -> files.loadMain(big));

    assertTrue(e.detail().contains("larger than the limit of 1 MiB"), e.detail());
  }

  @Test
  void messagesCarryNoJavaTrace() throws Exception {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                files.loadMain(
                    "local t = setmetatable({}, {__index = function(t, k) return t[k] end})\n"
                        + "x = t.a\n"));

    assertFalse(e.getMessage().contains("org.luaj"), e.getMessage());
    assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    assertTrue(e.getMessage().endsWith(ConfigException.HINT), e.getMessage());
    assertEquals(null, e.getCause());
  }

  @Test
  void hexEscapeWarns() throws Exception {
    ProsodyConfig config = files.loadMain("a = 'plain \\\\x'\nb = '\\x41'\n");

    assertEquals(Optional.of("plain \\x"), config.option("*", "a"));
    assertEquals(1, config.warnings().size());
    assertTrue(
        config.warnings().get(0).startsWith(root.resolve("prosody.cfg.lua") + ":2: the escape \\x"),
        config.warnings().get(0));
  }
}
