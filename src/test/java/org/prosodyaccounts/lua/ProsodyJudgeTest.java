package org.prosodyaccounts.lua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Prosody 0.12 (its {@code util.envload} and {@code util.serialization} under {@code lua5.4})
 * judges the reader and the serializer, in both directions.
 *
 * <p>Each random test runs {@code -Dlua.test.count} cases (10000 by default) from the seed
 * {@code -Dlua.test.seed} (random by default); a failure names the seed and the case.
 */
class ProsodyJudgeTest {

  private static final int RANDOM_TABLES = Seeds.count(10000);

  @TempDir Path directory;

  @BeforeEach
  void requireProsody() {
    ProsodyLuaLoader.assumeAvailable();
  }

  @Test
  void corpusReadsAsProsodyLoadsIt() throws Exception {
    List<Path> datFiles = TestFiles.datFiles();
    List<ProsodyLuaLoader.ChunkLoad> loads = ProsodyLuaLoader.loadChunks(datFiles);

    for (int k = 0; k < datFiles.size(); k++) {
      Path file = datFiles.get(k);
      assertEquals(Optional.empty(), loads.get(k).error(), file.toString());
      assertEquals(
          loads.get(k).value(), LuaReader.readChunk(TestFiles.read(file), "f"), file.toString());
    }

    List<Path> listFiles = TestFiles.listFiles();
    List<ProsodyLuaLoader.ListLoad> lists = ProsodyLuaLoader.loadLists(listFiles);
    for (int k = 0; k < listFiles.size(); k++) {
      Path file = listFiles.get(k);
      assertEquals(Optional.empty(), lists.get(k).error(), file.toString());
      assertEquals(
          lists.get(k).items(), LuaReader.readList(TestFiles.read(file), "f"), file.toString());
    }
  }

  @Test
  void corpusWrittenByUsLoadsInProsody() throws Exception {
    List<Path> written = new ArrayList<>();
    List<LuaData> expected = new ArrayList<>();
    for (Path file : TestFiles.datFiles()) {
      LuaTable table = (LuaTable) LuaReader.readChunk(TestFiles.read(file), "f").orElseThrow();
      written.add(write("corpus" + written.size() + ".dat", LuaSerializer.serializeChunk(table)));
      expected.add(LuaValues.afterRoundTrip(table));
    }

    List<ProsodyLuaLoader.ChunkLoad> loads = ProsodyLuaLoader.loadChunks(written);

    for (int k = 0; k < written.size(); k++) {
      assertEquals(
          Optional.of(expected.get(k)),
          loads.get(k).value(),
          TestFiles.datFiles().get(k).toString());
    }
  }

  @Test
  void randomTablesWrittenByUsLoadInProsody() throws Exception {
    long seed = Seeds.seed();
    RandomLuaData random = new RandomLuaData(seed);
    List<Path> files = new ArrayList<>();
    List<LuaTable> tables = new ArrayList<>();
    for (int k = 0; k < RANDOM_TABLES; k++) {
      LuaTable table = random.table(4);
      tables.add(table);
      files.add(write(k + ".dat", LuaSerializer.serializeChunk(table)));
    }

    List<ProsodyLuaLoader.ChunkLoad> loads = ProsodyLuaLoader.loadChunks(files);

    for (int k = 0; k < RANDOM_TABLES; k++) {
      String where = Seeds.repeat(seed, k);
      assertEquals(Optional.empty(), loads.get(k).error(), where);
      assertEquals(
          Optional.of(LuaValues.afterRoundTrip(tables.get(k))), loads.get(k).value(), where);
      assertEquals(
          loads.get(k).value(),
          LuaReader.readChunk(Files.readAllBytes(files.get(k)), where),
          where);
    }
  }

  @Test
  void randomTablesReserializedByProsody() throws Exception {
    // Our file, loaded by Prosody and written back by its serializer, must read as the same value:
    // what happens to a record that Prosody loads and stores again.
    long seed = Seeds.seed();
    RandomLuaData random = new RandomLuaData(seed);
    List<Path> files = new ArrayList<>();
    List<LuaTable> tables = new ArrayList<>();
    for (int k = 0; k < RANDOM_TABLES; k++) {
      LuaTable table = random.table(4);
      tables.add(table);
      files.add(write("again" + k + ".dat", LuaSerializer.serializeChunk(table)));
    }

    List<ProsodyLuaLoader.Reserialized> rewritten = ProsodyLuaLoader.reserializeWithProsody(files);

    for (int k = 0; k < RANDOM_TABLES; k++) {
      String where = Seeds.repeat(seed, k);
      assertEquals(Optional.empty(), rewritten.get(k).error(), where);
      byte[] content = rewritten.get(k).content().orElseThrow();
      assertEquals(
          Optional.of(LuaValues.afterRoundTrip(tables.get(k))), LuaReader.readChunk(content, where), where);
    }
  }

  @Test
  void randomListWrittenByUsLoadsInProsody() throws Exception {
    long seed = Seeds.seed();
    RandomLuaData random = new RandomLuaData(seed);
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    List<LuaData> expected = new ArrayList<>();
    for (int k = 0; k < 300; k++) {
      LuaData item = random.value(3);
      content.writeBytes(LuaSerializer.serializeListItem(item));
      expected.add(LuaValues.afterRoundTrip(item));
    }
    Path file = write("random.list", content.toByteArray());

    ProsodyLuaLoader.ListLoad load = ProsodyLuaLoader.loadLists(List.of(file)).get(0);

    assertEquals(Optional.empty(), load.error(), Seeds.repeat(seed, 0));
    assertEquals(expected, load.items(), Seeds.repeat(seed, 0));
  }

  @Test
  void randomTablesWrittenByProsodyReadByUs() throws Exception {
    long seed = Seeds.seed();
    RandomLuaData random = new RandomLuaData(seed);
    List<LuaData> tables = new ArrayList<>();
    for (int k = 0; k < RANDOM_TABLES; k++) {
      tables.add(random.table(4));
    }

    List<byte[]> written = ProsodyLuaLoader.serializeWithProsody(tables);

    for (int k = 0; k < RANDOM_TABLES; k++) {
      String where = Seeds.repeat(seed, k);
      LuaData read = LuaReader.readChunk(written.get(k), where).orElseThrow();
      assertEquals(LuaValues.afterRoundTrip(tables.get(k)), read, where);
    }
  }

  @Test
  void singleOrderTablesMatchProsodyByteForByte() throws Exception {
    // Tables whose key order cannot vary (one key per level, or a pure array part) must give
    // exactly Prosody's bytes.
    long seed = Seeds.seed();
    RandomLuaData random = new RandomLuaData(seed);
    Random shape = new Random(seed);
    List<LuaData> tables = new ArrayList<>();
    for (int k = 0; k < RANDOM_TABLES; k++) {
      LuaData inner = random.value(0);
      for (int level = shape.nextInt(3); level >= 0; level--) {
        inner =
            shape.nextBoolean()
                ? LuaValues.table(random.key(), inner)
                : LuaValues.table(1, inner, 2, random.value(0), 3, random.value(0));
      }
      tables.add(inner);
    }

    List<byte[]> prosody = ProsodyLuaLoader.serializeWithProsody(tables);

    for (int k = 0; k < RANDOM_TABLES; k++) {
      String ours =
          new String(
              LuaSerializer.serializeChunk((LuaTable) tables.get(k)), StandardCharsets.ISO_8859_1);
      assertEquals(
          new String(prosody.get(k), StandardCharsets.ISO_8859_1), ours, Seeds.repeat(seed, k));
    }
  }

  @Test
  void formatFloatMatchesLuaStringFormat() throws Exception {
    long seed = Seeds.seed();
    Random random = new Random(seed);
    RandomLuaData data = new RandomLuaData(seed);
    List<Double> values = new ArrayList<>();
    while (values.size() < 5000) {
      double value =
          random.nextBoolean() ? data.floatValue() : Double.longBitsToDouble(random.nextLong());
      if (Double.isFinite(value)) {
        values.add(value);
      }
    }

    List<String> lua = ProsodyLuaLoader.formatWithLua(values);

    for (int k = 0; k < values.size(); k++) {
      assertEquals(
          lua.get(k),
          LuaSerializer.formatFloat(values.get(k)),
          Seeds.repeat(seed, k) + ": " + values.get(k));
    }
  }

  @Test
  void randomSourcesReadAsProsodyLoadsThem() throws Exception {
    long seed = Seeds.seed();
    RandomLuaSource generator = new RandomLuaSource(seed, 0.01);
    List<Path> files = new ArrayList<>();
    for (int k = 0; k < RANDOM_TABLES; k++) {
      files.add(write("source" + k + ".dat", generator.chunk()));
    }

    List<ProsodyLuaLoader.ChunkLoad> loads = ProsodyLuaLoader.loadChunks(files);

    int rejectedByBoth = 0;
    for (int k = 0; k < files.size(); k++) {
      byte[] source = Files.readAllBytes(files.get(k));
      String where = Seeds.repeat(seed, k) + ", source: " + printable(source);
      ProsodyLuaLoader.ChunkLoad prosody = loads.get(k);
      try {
        Optional<LuaData> ours = LuaReader.readChunk(source, "source");
        assertEquals(Optional.empty(), prosody.error(), where);
        assertEquals(prosody.value(), ours, where);
      } catch (LuaSyntaxException e) {
        if (prosody.error().isEmpty()) {
          fail("we rejected what Prosody read: " + e.getMessage() + "; " + where);
        }
        rejectedByBoth++;
      }
    }
    assertTrue(rejectedByBoth < files.size() / 2, "too few valid sources: " + rejectedByBoth);
  }

  @Test
  void invalidCorpusIsRejectedByProsodyToo() throws Exception {
    // Files Prosody's loader rejects by itself; the rest it accepts or, for the loop, never
    // finishes, so they are not loaded here.
    List<String> names =
        List.of(
            "double_semicolon.dat",
            "function_call_global.dat",
            "function_call_os_execute.dat",
            "missing_return.dat",
            "nul_byte.dat",
            "return_then_loop.dat",
            "shebang.dat",
            "syntax_error.dat",
            "trailing_garbage.dat",
            "utf8_bom.dat");
    List<Path> files = names.stream().map(TestFiles.INVALID::resolve).toList();

    List<ProsodyLuaLoader.ChunkLoad> loads = ProsodyLuaLoader.loadChunks(files);

    for (int k = 0; k < files.size(); k++) {
      assertTrue(loads.get(k).error().isPresent(), names.get(k));
    }
  }

  private Path write(String name, byte[] content) throws Exception {
    return Files.write(directory.resolve(name), content);
  }

  private static String printable(byte[] source) {
    StringBuilder text = new StringBuilder();
    for (byte b : source) {
      int value = b & 0xFF;
      if (value >= 0x20 && value < 0x7F && value != '\\') {
        text.append((char) value);
      } else {
        text.append(String.format("\\x%02x", value));
      }
    }
    return text.toString();
  }
}
