package org.prosodyaccounts.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile configurations: withheld functions, endless loops, memory bombs, unsupported directives.
 */
class SandboxTest {

  @TempDir Path root;
  private ConfigFiles files;
  private Path marker;

  @BeforeEach
  void setUp() {
    files = new ConfigFiles(root);
    marker = root.resolve("marker");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "os.execute('touch MARKER')                         | 'os.execute' is not available",
        "io.open('MARKER', 'w'):write('x')                  | 'io' is not available",
        "require('os').execute('touch MARKER')              | 'require' is not available",
        "dofile('MARKER')                                   | 'dofile' is not available",
        "load('os.execute([[touch MARKER]])')()             | 'load' is not available",
        "loadstring('x = 1')()                              | 'loadstring' is not available",
        "debug.sethook()                                    | 'debug' is not available",
        "luajava.bindClass('java.lang.Runtime')             | 'luajava' is not available",
        "Lua.io.open('MARKER', 'w')                         | 'io' is not available",
        "_G.package.loadlib('x', 'y')                       | 'package' is not available",
        "os.remove('MARKER')                                | 'os.remove' is not available",
        "collectgarbage()                                   | 'collectgarbage' is not available",
        "x = string.dump(print)                             | 'string.dump' is not available",
      })
  void withheldFunctionsStop(String source, String detail) throws Exception {
    String config =
        "VirtualHost \"a.example\"\n" + source.replace("MARKER", marker.toString()) + "\n";

    ConfigException e = assertThrows(ConfigException.class, () -> files.loadMain(config));

    assertTrue(e.detail().startsWith(detail + ": "), e.detail());
    assertEquals(OptionalInt.of(2), e.line());
    assertFalse(Files.exists(marker));
  }

  @Test
  void pcallCannotCatchWithheldFunction() throws Exception {
    String config = "ok = pcall(function() os.execute('touch " + marker + "') end)\nx = 1\n";

    ConfigException e = assertThrows(ConfigException.class, () -> files.loadMain(config));

    assertTrue(e.detail().startsWith("'os.execute' is not available"), e.detail());
    assertFalse(Files.exists(marker));
  }

  @Test
  void allowedLibraryWorks() throws Exception {
    ProsodyConfig config =
        files.loadMain(
            "a = string.format('%s-%d', ('x'):rep(3, ','), math.floor(2.5))\n"
                + "b = table.concat({ 'p', 'q' }, '+')\n"
                + "c = select('#', table.unpack({ 1, 2, 3 }))\n"
                + "d = type(os.time()) == 'number' and os.date('!%Y', 0)\n"
                + "e = tostring(tonumber('0x10'))\n"
                + "f = (('a b c'):gsub(' ', '_'))\n"
                + "g = Lua.string.upper(_G.string.lower('Ab'))\n"
                + "print('dropped')\n");

    assertEquals(Optional.of("x,x,x-2"), config.option("*", "a"));
    assertEquals(Optional.of("p+q"), config.option("*", "b"));
    assertEquals(Optional.of(3L), config.option("*", "c"));
    assertEquals(Optional.of("1970"), config.option("*", "d"));
    assertEquals(Optional.of("16"), config.option("*", "e"));
    assertEquals(Optional.of("a_b_c"), config.option("*", "f"));
    assertEquals(Optional.of("AB"), config.option("*", "g"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "while true do end",
        "local n = 0 repeat n = n + 1 until false",
        "while true do pcall(function() while true do end end) end",
        "local function f() return f() end f()",
        "local function f() return 1 + f() end f()",
      })
  void endlessLoopStopsQuickly(String source) throws Exception {
    long start = System.nanoTime();

    ConfigException e = assertThrows(ConfigException.class, () -> files.loadMain(source + "\n"));

    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < 5000, "took " + millis + " ms");
    // LuaJ allocates for each tail call, so an endless one can reach the memory bound first.
    assertTrue(
        e.detail().contains("Lua instructions")
            || e.detail().contains("nested function calls")
            || e.detail().contains("allocated more than"),
        e.detail());
    assertEquals(OptionalInt.of(1), e.line());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "x = string.rep('x', 2^40)",
        "x = ('x'):rep(2^31)",
        "local s = 'x' for i = 1, 64 do s = s .. s end",
        "local s = string.rep('x', 2^20) x = s .. s .. s .. s .. s",
        "local t = {} for i = 1, 40 do t[i] = string.rep('y', 2^20) end x = table.concat(t)",
        "x = string.rep('ab', 2^21):gsub('a', '%0%0%0')",
        "x = string.format(string.rep('%s', 100), table.unpack(setmetatable({}, {__index ="
            + " function() return string.rep('z', 2^21) end}), 1, 100))",
        "x = select('#', table.unpack({}, 1, 2^30))",
        "local t = {} for i = 1, 1e7 do t[i] = string.rep('w', 1000) .. i end",
      })
  void memoryBombStopsQuickly(String source) throws Exception {
    long start = System.nanoTime();

    ConfigException e = assertThrows(ConfigException.class, () -> files.loadMain(source + "\n"));

    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < 5000, "took " + millis + " ms");
    assertTrue(
        e.detail().contains("string too long")
            || e.detail().contains("too many results")
            || e.detail().contains("allocated more than")
            || e.detail().contains("instructions"),
        e.detail());
    assertEquals(OptionalInt.of(1), e.line());
  }

  @Test
  void pcallCannotSwallowInstructionLimit() throws Exception {
    String config =
        "for i = 1, 3 do\n"
            + "  pcall(function() while true do end end)\n"
            + "end\n"
            + "VirtualHost \"after.example\"\n";

    ConfigException e = assertThrows(ConfigException.class, () -> files.loadMain(config));

    assertTrue(e.detail().contains("instructions"), e.detail());
  }

  @Test
  void xpcallHandlerCannotSwallowLimit() throws Exception {
    String config =
        "xpcall(function() while true do end end, function() while true do end end)\n" + "x = 1\n";

    ConfigException e = assertThrows(ConfigException.class, () -> files.loadMain(config));

    assertTrue(e.detail().contains("instructions"), e.detail());
  }

  @Test
  void runScriptIsRejected() throws Exception {
    files.write("script.lua", "os.execute('touch " + marker + "')\n");

    ConfigException e =
        assertThrows(
            ConfigException.class, () -> files.loadMain("x = 1\nRunScript \"script.lua\"\n"));

    assertEquals(Optional.of(root.resolve("prosody.cfg.lua")), e.file());
    assertEquals(OptionalInt.of(2), e.line());
    assertTrue(e.detail().startsWith("RunScript is not supported"), e.detail());
    assertFalse(Files.exists(marker));
  }

  @Test
  void runScriptInsidePcallStillStops() throws Exception {
    ConfigException e =
        assertThrows(ConfigException.class, () -> files.loadMain("pcall(RunScript, 'x.lua')\n"));

    assertTrue(e.detail().startsWith("RunScript is not supported"), e.detail());
  }

  @Test
  void stringMetatableIsLocked() throws Exception {
    ProsodyConfig config = files.loadMain("locked = getmetatable('')\n");

    assertEquals(Optional.of(false), config.option("*", "locked"));
  }

  @Test
  void environmentMetatableIsLocked() throws Exception {
    ConfigException e =
        assertThrows(ConfigException.class, () -> files.loadMain("setmetatable(_ENV, nil)\n"));

    assertTrue(e.detail().contains("protected metatable"), e.detail());
  }

  @Test
  void binaryChunkIsRejected() throws Exception {
    Files.write(root.resolve("prosody.cfg.lua"), new byte[] {0x1b, 'L', 'u', 'a', 0x52, 0, 1, 4});

    ConfigException e = assertThrows(ConfigException.class, () -> files.load("prosody.cfg.lua"));

    assertTrue(e.detail().startsWith("syntax error"), e.detail());
  }

  @Test
  void fileContentsOfDeviceIsRejected() throws Exception {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> files.loadMain("x = FileContents('/dev/zero')\n"));

    assertEquals("FileContents: cannot read /dev/zero: it is not a regular file", e.detail());
  }

  @Test
  void deepTableNestingIsBounded() throws Exception {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> files.loadMain("local t = {} for i = 1, 1000 do t = { t } end\nbig = t\n"));

    assertEquals(OptionalInt.of(2), e.line());
    assertTrue(e.detail().startsWith("the option big in section \"*\" is too large"), e.detail());
  }

  @Test
  void deepSyntaxNestingFailsCleanly() throws Exception {
    String nested = "x = " + "{".repeat(200_000) + "}".repeat(200_000) + "\n";

    ConfigException e = assertThrows(ConfigException.class, () -> files.loadMain(nested));

    assertFalse(e.getMessage().contains("org.luaj"), e.getMessage());
    assertTrue(e.getMessage().endsWith(ConfigException.HINT), e.getMessage());
  }
}
