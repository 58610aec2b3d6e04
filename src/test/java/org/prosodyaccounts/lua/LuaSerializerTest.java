package org.prosodyaccounts.lua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prosodyaccounts.lua.LuaValues.bytes;
import static org.prosodyaccounts.lua.LuaValues.integer;
import static org.prosodyaccounts.lua.LuaValues.number;
import static org.prosodyaccounts.lua.LuaValues.table;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LuaSerializerTest {

  private static String chunk(LuaTable table) {
    return new String(LuaSerializer.serializeChunk(table), StandardCharsets.US_ASCII);
  }

  @Test
  void accountRecord() {
    LuaTable account =
        table(
            "stored_key", "e5802321ddad32bcc835c901bb61682e92d0b82c",
            "salt", "0f8a2e66-0c16-4375-9060-907f248ab16e",
            "iteration_count", 10000,
            "server_key", "94d0cb2fc735dfa6cb65fbcf2ae5a082ecc64e16");

    assertEquals(
        "return {\n"
            + "\t[\"iteration_count\"] = 10000;\n"
            + "\t[\"salt\"] = \"0f8a2e66-0c16-4375-9060-907f248ab16e\";\n"
            + "\t[\"server_key\"] = \"94d0cb2fc735dfa6cb65fbcf2ae5a082ecc64e16\";\n"
            + "\t[\"stored_key\"] = \"e5802321ddad32bcc835c901bb61682e92d0b82c\";\n"
            + "};\n",
        chunk(account));
    assertEquals(218, LuaSerializer.serializeChunk(account).length, "size of a real 0.12 record");
  }

  @Test
  void rosterWithFalseKey() {
    LuaTable roster =
        table(
            "focus.meet.example.org",
            table("subscription", "from", "groups", table()),
            false,
            table("version", 2, "pending", table()));

    assertEquals(
        "return {\n"
            + "\t[false] = {\n"
            + "\t\t[\"pending\"] = {};\n"
            + "\t\t[\"version\"] = 2;\n"
            + "\t};\n"
            + "\t[\"focus.meet.example.org\"] = {\n"
            + "\t\t[\"groups\"] = {};\n"
            + "\t\t[\"subscription\"] = \"from\";\n"
            + "\t};\n"
            + "};\n",
        chunk(roster));
  }

  @Test
  void stringEscapes() {
    byte[] raw = {
      0,
      1,
      7,
      8,
      9,
      10,
      11,
      12,
      13,
      27,
      31,
      ' ',
      '"',
      '\'',
      '\\',
      127,
      (byte) 128,
      (byte) 255,
      (byte) 0xC3,
      (byte) 0xA9
    };

    assertEquals(
        "\"\\000\\001\\a\\b\\t\\n\\v\\f\\r\\027\\031 \\\"\\'\\\\\\127\\128\\255\\195\\169\"",
        LuaSerializer.serialize(LuaString.of(raw)));
  }

  @Test
  void everyByteValueIsAsciiAndReadsBack() throws Exception {
    byte[] all = new byte[256];
    for (int b = 0; b < 256; b++) {
      all[b] = (byte) b;
    }
    byte[] written = LuaSerializer.serializeChunk(table("all", LuaString.of(all)));

    for (byte b : written) {
      assertTrue(b >= 0x20 && b < 0x7F || b == '\n' || b == '\t', "byte " + b);
    }
    LuaTable back = (LuaTable) LuaReader.readChunk(written, "all").orElseThrow();
    assertEquals(LuaString.of(all), back.get("all").orElseThrow());
  }

  @Test
  void numbers() {
    LuaTable numbers =
        table(
            "a_int", 1,
            "b_half", 2.5,
            "c_tenth", 0.1,
            "d_big", 1e300,
            "e_negzero", -0.0,
            "f_whole", 3.0,
            "g_2p53", 0x1p53,
            "h_2p63", 0x1p63,
            "i_inf", Double.POSITIVE_INFINITY,
            "j_ninf", Double.NEGATIVE_INFINITY,
            "k_nan", Double.NaN,
            "l_minint", Long.MIN_VALUE,
            "m_maxint", Long.MAX_VALUE);

    assertEquals(
        "return {\n"
            + "\t[\"a_int\"] = 1;\n"
            + "\t[\"b_half\"] = 2.5;\n"
            + "\t[\"c_tenth\"] = 0.100000000000000006;\n"
            + "\t[\"d_big\"] = 1.00000000000000005e+300;\n"
            + "\t[\"e_negzero\"] = -0;\n"
            + "\t[\"f_whole\"] = 3;\n"
            + "\t[\"g_2p53\"] = 9007199254740992;\n"
            + "\t[\"h_2p63\"] = 9.22337203685477581e+18;\n"
            + "\t[\"i_inf\"] = (1/0);\n"
            + "\t[\"j_ninf\"] = (-1/0);\n"
            + "\t[\"k_nan\"] = (0/0);\n"
            + "\t[\"l_minint\"] = -9223372036854775808;\n"
            + "\t[\"m_maxint\"] = 9223372036854775807;\n"
            + "};\n",
        chunk(numbers));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "0.1, 0.100000000000000006",
    "1e300, 1.00000000000000005e+300",
    "-0.0, -0",
    "0.0, 0",
    "3.0, 3",
    "9007199254740992.0, 9007199254740992",
    "9223372036854775808.0, 9.22337203685477581e+18",
    "1e18, 1e+18",
    "1e17, 100000000000000000",
    "123456789012345678.0, 123456789012345680",
    "1e-4, 0.000100000000000000005",
    "1e-5, 1.00000000000000008e-05",
    "4.9e-324, 4.94065645841246544e-324",
    "1.7976931348623157e308, 1.79769313486231571e+308",
    "-2.5, -2.5",
    "1425211200.25, 1425211200.25",
    "0.5, 0.5",
    "100.0, 100",
    "1e100, 1.00000000000000002e+100",
    "0.3, 0.299999999999999989",
  })
  void formatFloatMatchesC(double value, String expected) {
    assertEquals(expected, LuaSerializer.formatFloat(value));
  }

  @Test
  void formatFloatRejectsNonFinite() {
    assertThrows(IllegalArgumentException.class, () -> LuaSerializer.formatFloat(Double.NaN));
    assertThrows(
        IllegalArgumentException.class, () -> LuaSerializer.formatFloat(Double.POSITIVE_INFINITY));
  }

  @Test
  void nestedIndentation() {
    LuaTable nested = table("a", table("b", table("c", table("d", "deep"))), "z", 1);

    assertEquals(
        "return {\n"
            + "\t[\"a\"] = {\n"
            + "\t\t[\"b\"] = {\n"
            + "\t\t\t[\"c\"] = {\n"
            + "\t\t\t\t[\"d\"] = \"deep\";\n"
            + "\t\t\t};\n"
            + "\t\t};\n"
            + "\t};\n"
            + "\t[\"z\"] = 1;\n"
            + "};\n",
        chunk(nested));
  }

  @Test
  void emptyTables() {
    assertEquals("return {};\n", chunk(table()));
    assertEquals("return {\n\t[\"e\"] = {};\n};\n", chunk(table("e", table())));
  }

  @Test
  void positionalArrayPartComesFirst() {
    LuaTable table = table("name", "x", 4, "d", 2, "b", 1, "a", 0, "zero", -1, "minus");

    assertEquals(
        "return {\n"
            + "\t\"a\";\n"
            + "\t\"b\";\n"
            + "\t[-1] = \"minus\";\n"
            + "\t[0] = \"zero\";\n"
            + "\t[4] = \"d\";\n"
            + "\t[\"name\"] = \"x\";\n"
            + "};\n",
        chunk(table));
  }

  @Test
  void keyOrder() {
    LuaTable table =
        table(
            LuaString.of(new byte[] {(byte) 0x80}),
            1,
            "a",
            2,
            "Z",
            3,
            "",
            4,
            true,
            5,
            false,
            6,
            1e300,
            7,
            Double.NEGATIVE_INFINITY,
            8,
            2.5,
            9,
            3,
            10,
            -7,
            11,
            Long.MAX_VALUE,
            12,
            0x1p63,
            13);
    table.put(table("t", 1), integer(14));

    assertEquals(
        "return {\n"
            + "\t[false] = 6;\n"
            + "\t[true] = 5;\n"
            + "\t[(-1/0)] = 8;\n"
            + "\t[-7] = 11;\n"
            + "\t[2.5] = 9;\n"
            + "\t[3] = 10;\n"
            + "\t[9223372036854775807] = 12;\n"
            + "\t[9.22337203685477581e+18] = 13;\n"
            + "\t[1.00000000000000005e+300] = 7;\n"
            + "\t[\"\"] = 4;\n"
            + "\t[\"Z\"] = 3;\n"
            + "\t[\"a\"] = 2;\n"
            + "\t[\"\\128\"] = 1;\n"
            + "\t[{\n"
            + "\t\t[\"t\"] = 1;\n"
            + "\t}] = 14;\n"
            + "};\n",
        chunk(table));
  }

  @Test
  void sameTableGivesSameBytesWhateverInsertionOrder() {
    LuaTable one = table("b", 1, "a", 2, 2, "y", 1, "x", false, true);
    LuaTable two = table(false, true, 1, "x", "a", 2, 2, "y", "b", 1);

    assertEquals(chunk(one), chunk(two));
    assertEquals(chunk(one), chunk(one));
  }

  @Test
  void listItem() {
    byte[] item = LuaSerializer.serializeListItem(table("n", 2));

    assertEquals("item({\n\t[\"n\"] = 2;\n});\n", new String(item, StandardCharsets.US_ASCII));
    assertEquals(
        "item(\"s\");\n",
        new String(LuaSerializer.serializeListItem(LuaString.of("s")), StandardCharsets.US_ASCII));
  }

  @Test
  void depthLimitIsProsodys() {
    LuaSerializer.serializeChunk(nestedLevels(LuaSerializer.MAX_DEPTH));

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> LuaSerializer.serializeChunk(nestedLevels(LuaSerializer.MAX_DEPTH + 1)));
    assertTrue(error.getMessage().contains("deeper than 127"), error.getMessage());
  }

  /** Returns tables nested {@code levels} deep, the outermost being level 1. */
  private static LuaTable nestedLevels(int levels) {
    LuaTable table = new LuaTable();
    for (int level = 1; level < levels; level++) {
      table = table(1, table);
    }
    return table;
  }

  @Test
  void sharedAndCyclicTablesAreRejected() {
    LuaTable shared = table("x", 1);
    LuaTable twice = table("a", shared, "b", shared);
    LuaTable cycle = table("name", "loop");
    cycle.put("self", cycle);

    IllegalArgumentException sharedError =
        assertThrows(IllegalArgumentException.class, () -> LuaSerializer.serializeChunk(twice));
    assertTrue(sharedError.getMessage().contains("more than once"), sharedError.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LuaSerializer.serializeChunk(cycle));
    LuaSerializer.serializeChunk(table("a", shared, "b", LuaTable.copyOf(shared)));
  }

  @Test
  void bytesValuesHelperMatchesSerializedEscapes() {
    assertEquals("\"\\255\\000\"", LuaSerializer.serialize(bytes(255, 0)));
    assertEquals("-5", LuaSerializer.serialize(integer(-5)));
    assertEquals("(0/0)", LuaSerializer.serialize(number(-Double.NaN)));
  }
}
