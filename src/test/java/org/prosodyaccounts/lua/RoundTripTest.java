package org.prosodyaccounts.lua;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Random tables survive serialize then read, modulo the documented number rules. */
class RoundTripTest {

  private static final int CASES = 3000;

  @Test
  void randomTablesRoundTrip() {
    long seed = Seeds.seed();
    RandomLuaData random = new RandomLuaData(seed);

    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          for (int k = 0; k < CASES; k++) {
            LuaTable original = random.table(4);
            String where = Seeds.repeat(seed, k);

            byte[] written = LuaSerializer.serializeChunk(original);
            LuaData read = LuaReader.readChunk(written, where).orElseThrow();

            assertEquals(LuaValues.afterRoundTrip(original), read, where);
            assertArrayEquals(written, LuaSerializer.serializeChunk(original), where);
          }
        });
  }

  @Test
  void randomListItemsRoundTrip() throws Exception {
    long seed = Seeds.seed();
    RandomLuaData random = new RandomLuaData(seed);
    List<LuaData> items = new ArrayList<>();
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    for (int k = 0; k < 500; k++) {
      LuaData item = random.value(3);
      items.add(LuaValues.afterRoundTrip(item));
      file.writeBytes(LuaSerializer.serializeListItem(item));
    }

    List<LuaData> read = LuaReader.readList(file.toByteArray(), "random.list");

    assertEquals(items, read, Seeds.repeat(seed, 0));
  }

  @Test
  void numberSubtypeRulesApply() throws Exception {
    LuaTable original =
        LuaValues.table(
            "three", 3.0, "negzero", -0.0, "e17", 1e17, "e18", 1e18, "min", Long.MIN_VALUE);

    LuaData read =
        LuaReader.readChunk(LuaSerializer.serializeChunk(original), "rules").orElseThrow();

    assertEquals(
        LuaValues.table(
            "three", 3, "negzero", 0, "e17", 100_000_000_000_000_000L, "e18", 1e18, "min", -0x1p63),
        read);
  }
}
