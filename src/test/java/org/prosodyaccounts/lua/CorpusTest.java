package org.prosodyaccounts.lua;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prosodyaccounts.lua.LuaValues.bytes;
import static org.prosodyaccounts.lua.LuaValues.integer;
import static org.prosodyaccounts.lua.LuaValues.number;
import static org.prosodyaccounts.lua.LuaValues.str;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reads every file of the corpora written by Prosody, old serializers and hand edits. */
class CorpusTest {

  private static Map<String, List<LuaData>> expected;

  @BeforeAll
  static void parseExpectations() throws Exception {
    String markdown =
        Files.readString(TestFiles.LEGACY.resolve("EXPECTED.md"), StandardCharsets.UTF_8);
    expected = ExpectedDump.parseMarkdown(markdown);
  }

  static Stream<Path> datFiles() {
    return TestFiles.datFiles().stream();
  }

  static Stream<Path> listFiles() {
    return TestFiles.listFiles().stream();
  }

  static Stream<Path> legacyFiles() throws Exception {
    try (Stream<Path> files = Files.list(TestFiles.LEGACY)) {
      return files.filter(path -> !path.toString().endsWith(".md")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("datFiles")
  void datFileReadsAsTable(Path file) throws Exception {
    LuaData value = LuaReader.readChunk(TestFiles.read(file), file.toString()).orElseThrow();

    assertTrue(value instanceof LuaTable, file + " gave " + value);
    assertFalse(((LuaTable) value).isEmpty(), file + " gave an empty table");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("listFiles")
  void listFileReadsItems(Path file) throws Exception {
    List<LuaData> items = LuaReader.readList(TestFiles.read(file), file.toString());

    assertFalse(items.isEmpty(), file + " gave no items");
    for (LuaData item : items) {
      assertTrue(item instanceof LuaTable, file + " has item " + item);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("legacyFiles")
  void legacyFileMatchesExpectedDump(Path file) throws Exception {
    String name = file.getFileName().toString();
    List<LuaData> want = expected.get(name);
    assertTrue(want != null, "EXPECTED.md has no dump for " + name);

    byte[] source = TestFiles.read(file);
    List<LuaData> got =
        name.endsWith(".list")
            ? LuaReader.readList(source, name)
            : List.of(LuaReader.readChunk(source, name).orElseThrow());

    assertEquals(want, got, name);
  }

  @Test
  void expectationsCoverEveryLegacyFile() throws Exception {
    assertEquals(
        legacyFiles().map(path -> path.getFileName().toString()).sorted().toList(),
        expected.keySet().stream().sorted().toList());
  }

  @Test
  void escapesAndNumbersKeepTypesAndBytes() throws Exception {
    Path file = TestFiles.LEGACY.resolve("hand-edited_escapes_and_numbers.dat");
    LuaTable table = (LuaTable) LuaReader.readChunk(TestFiles.read(file), "f").orElseThrow();

    assertEquals(bytes(7, 8, 12, 10, 13, 9, 11, '\\', '"', '\''), table.get("named").orElseThrow());
    assertEquals(bytes('A', 'B', 'C', '1', 0, 255), table.get("decimal").orElseThrow());
    assertEquals(bytes('A', 'b', 0xC3, 0xA9), table.get("hex").orElseThrow());
    assertEquals(str("é日😀"), table.get("unicode").orElseThrow());
    assertEquals(str("abcdef"), table.get("z_skip").orElseThrow());
    assertEquals(str("line1\nline2"), table.get("backslash_newline").orElseThrow());
    assertEquals(str("first newline skipped; ]] and ]=] stay"), table.get("long2").orElseThrow());
    assertEquals(integer(10000), table.get("int").orElseThrow());
    assertEquals(number(10000.0), table.get("float_exp").orElseThrow());
    assertEquals(integer(10000), table.get("hex_int").orElseThrow());
    assertEquals(number(10.5), table.get("hex_float").orElseThrow());
    assertEquals(number(5.0), table.get("trail_dot").orElseThrow());
    assertEquals(integer(7), table.get("negneg").orElseThrow());
    assertEquals(integer(Long.MAX_VALUE), table.get("maxint").orElseThrow());
    assertEquals(number(0x1p63), table.get("overflow").orElseThrow());
    assertEquals(number(-0x1p63), table.get("minint").orElseThrow());
    assertEquals(number(Double.NEGATIVE_INFINITY), table.get("neg_inf").orElseThrow());
    assertEquals(number(Double.NaN), table.get("nan").orElseThrow());
    assertEquals(str("second (a later duplicate wins)"), table.get("dup").orElseThrow());
    assertEquals(str("two (float key 2.0 becomes integer 2)"), table.get(integer(2)).orElseThrow());
    assertEquals(str("boolean key"), table.get(LuaBoolean.TRUE).orElseThrow());
  }

  @Test
  void oldSerializerNegativeZeroStaysFloat() throws Exception {
    Path v10 = TestFiles.LEGACY.resolve("v0.10-lua54_mixed_types.dat");
    Path v09 = TestFiles.LEGACY.resolve("v0.9-lua51_mixed_types.dat");
    LuaTable newer = (LuaTable) LuaReader.readChunk(TestFiles.read(v10), "v10").orElseThrow();
    LuaTable older = (LuaTable) LuaReader.readChunk(TestFiles.read(v09), "v09").orElseThrow();

    assertEquals(number(-0.0), newer.get("negzero").orElseThrow());
    assertEquals(number(3.0), newer.get("whole_float").orElseThrow());
    assertEquals(integer(0), older.get("negzero").orElseThrow());
    assertEquals(integer(3), older.get("whole_float").orElseThrow());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("datFiles")
  void datFileRoundTrips(Path file) throws Exception {
    LuaTable original = (LuaTable) LuaReader.readChunk(TestFiles.read(file), "a").orElseThrow();

    byte[] written = LuaSerializer.serializeChunk(original);
    LuaData reread = LuaReader.readChunk(written, "b").orElseThrow();

    assertEquals(LuaValues.afterRoundTrip(original), reread, file.toString());
    assertArrayEquals(written, LuaSerializer.serializeChunk(original), "second write differs");

    // -0.0 is written as -0 and comes back as the integer 0, so only the second trip is stable.
    byte[] rewritten = LuaSerializer.serializeChunk((LuaTable) reread);
    LuaTable again = (LuaTable) LuaReader.readChunk(rewritten, "c").orElseThrow();
    assertArrayEquals(rewritten, LuaSerializer.serializeChunk(again), "second round trip differs");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("listFiles")
  void listFileRoundTrips(Path file) throws Exception {
    List<LuaData> original = LuaReader.readList(TestFiles.read(file), "a");

    ByteArrayOutputStream written = new ByteArrayOutputStream();
    for (LuaData item : original) {
      written.writeBytes(LuaSerializer.serializeListItem(item));
    }
    List<LuaData> reread = LuaReader.readList(written.toByteArray(), "b");

    assertEquals(original.stream().map(LuaValues::afterRoundTrip).toList(), reread);
  }

  @Test
  void oneKeyFileRewritesIdentically() throws Exception {
    // Prosody writes keys in hash order; a one-key record has only one order.
    Path file =
        TestFiles.TESTDATA.resolve("prosody-13/data/meet%2eexample%2eorg/account_roles/alice.dat");
    byte[] source = TestFiles.read(file);
    LuaTable table = (LuaTable) LuaReader.readChunk(source, "roles").orElseThrow();

    assertEquals(1, table.size());
    assertArrayEquals(source, LuaSerializer.serializeChunk(table));
  }
}
