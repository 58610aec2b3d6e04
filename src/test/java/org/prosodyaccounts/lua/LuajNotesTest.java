package org.prosodyaccounts.lua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prosodyaccounts.lua.LuaValues.bytes;
import static org.prosodyaccounts.lua.LuaValues.integer;
import static org.prosodyaccounts.lua.LuaValues.number;
import static org.prosodyaccounts.lua.LuaValues.str;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The literals that LuaJ 3.0.1's parser decodes wrongly or rightly, each read with Lua 5.4's
 * result. LuaJ's wrong results were: {@code \x41} as "x41", <code>&#92;u{48}</code> as "u{48}",
 * {@code \z} kept, {@code \256} as byte 0, the first newline of a long bracket kept, 64-bit
 * integers rounded to doubles, {@code 0xffffffffffffffff} and {@code 0x1p4} as nil, {@code 1.0} as
 * an integer.
 */
class LuajNotesTest {

  static Stream<Arguments> literals() {
    return Stream.of(
        Arguments.of("\"\\x41\"", str("A")),
        Arguments.of("\"\\u{48}\"", str("H")),
        Arguments.of("\"a\\z   b\"", str("ab")),
        Arguments.of("[[\nx]]", str("x")),
        Arguments.of("\"\\065\"", str("A")),
        Arguments.of("\"\\0\"", bytes(0)),
        Arguments.of("\"\\a\\b\\f\\n\\r\\t\\v\"", bytes(7, 8, 12, 10, 13, 9, 11)),
        Arguments.of("\"\\255\"", bytes(255)),
        Arguments.of("\"\\'\\\"\\\\\"", str("'\"\\")),
        Arguments.of("\"a\\\nb\"", str("a\nb")),
        Arguments.of("9007199254740993", integer(9007199254740993L)),
        Arguments.of("9223372036854775807", integer(Long.MAX_VALUE)),
        Arguments.of("0xffffffffffffffff", integer(-1)),
        Arguments.of("0x1p4", number(16.0)),
        Arguments.of("1.0", number(1.0)),
        Arguments.of("1e309", number(Double.POSITIVE_INFINITY)),
        Arguments.of("3", integer(3)),
        Arguments.of("00012", integer(12)),
        Arguments.of(".5", number(0.5)),
        Arguments.of("5.", number(5.0)),
        Arguments.of("0.1", number(0.1)),
        Arguments.of("1e300", number(1e300)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("literals")
  void literalDecodesAsLua54(String literal, LuaData expected) throws Exception {
    byte[] source = ("return " + literal).getBytes(StandardCharsets.ISO_8859_1);

    assertEquals(expected, LuaReader.readChunk(source, "notes").orElseThrow());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("literals")
  void literalDecodesAsLua54InTable(String literal, LuaData expected) throws Exception {
    byte[] source = ("return { k = " + literal + " }").getBytes(StandardCharsets.ISO_8859_1);

    LuaTable table = (LuaTable) LuaReader.readChunk(source, "notes").orElseThrow();
    assertEquals(expected, table.get("k").orElseThrow());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("literals")
  void literalDecodesAsLua54AsKey(String literal, LuaData expected) throws Exception {
    byte[] source = ("return { [ " + literal + " ] = true }").getBytes(StandardCharsets.ISO_8859_1);

    LuaTable table = (LuaTable) LuaReader.readChunk(source, "notes").orElseThrow();
    assertEquals(LuaBoolean.TRUE, table.get(expected).orElseThrow());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidLiterals")
  void invalidLiteralIsRejected(String literal, String reason) {
    byte[] source = ("return " + literal).getBytes(StandardCharsets.ISO_8859_1);

    LuaSyntaxException error =
        assertThrows(LuaSyntaxException.class, () -> LuaReader.readChunk(source, "notes"));
    assertTrue(error.reason().contains(reason), error.getMessage());
    assertEquals(1, error.line());
    assertEquals(9, error.column(), "the column of the backslash");
  }

  static Stream<Arguments> invalidLiterals() {
    return Stream.of(Arguments.of("\"\\256\"", "decimal escape '\\256' is larger than 255"));
  }
}
