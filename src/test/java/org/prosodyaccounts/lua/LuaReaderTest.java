package org.prosodyaccounts.lua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prosodyaccounts.lua.LuaValues.bytes;
import static org.prosodyaccounts.lua.LuaValues.integer;
import static org.prosodyaccounts.lua.LuaValues.number;
import static org.prosodyaccounts.lua.LuaValues.str;
import static org.prosodyaccounts.lua.LuaValues.table;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class LuaReaderTest {

  private static Optional<LuaData> read(String source) throws LuaSyntaxException {
    return LuaReader.readChunk(source.getBytes(StandardCharsets.ISO_8859_1), "test.dat");
  }

  private static LuaData value(String literal) throws LuaSyntaxException {
    return read("return " + literal).orElseThrow();
  }

  private static LuaSyntaxException reject(String source) {
    return assertThrows(LuaSyntaxException.class, () -> read(source), source);
  }

  // ---- tables

  @Test
  void tableFieldFormsAndSeparators() throws Exception {
    LuaData got = value("{ [\"a\"] = 1, b = 2; 'x', [3.5] = true, \"y\"; [false] = {}, }");

    assertEquals(table("a", 1, "b", 2, 1, "x", 3.5, true, 2, "y", false, table()), got);
  }

  @Test
  void tableKeysNormalizeAndLaterDuplicateWins() throws Exception {
    LuaData got = value("{ [2.0] = 'float', [2] = 'int', a = 1, a = 2, [-0.0] = 'zero' }");

    assertEquals(table(2, "int", "a", 2, 0, "zero"), got);
  }

  @Test
  void nilFieldLeavesNoEntry() throws Exception {
    assertEquals(table("b", 2), value("{ a = nil, b = 2, [3] = nil }"));
    assertEquals(table("a", 1), value("{ a = 1, a = nil, a = 1 }"));
    assertEquals(table(2, "b"), value("{ nil, 'b' }"));
  }

  @Test
  void positionalItemsOverrideEarlierKeysLikeLua54() throws Exception {
    // Lua 5.4 stores positional items after the keyed fields that precede the end of the batch.
    assertEquals(table(1, "b"), value("{ [1] = 'a', 'b' }"));
    assertEquals(table(1, "b"), value("{ 'b', [1] = 'a' }"));

    StringBuilder source = new StringBuilder("{ ");
    for (int k = 1; k <= 50; k++) {
      source.append(k).append(", ");
    }
    source.append("[1] = 'keyed', 51 }");
    LuaTable got = (LuaTable) value(source.toString());
    assertEquals(str("keyed"), got.get(integer(1)).orElseThrow(), "first batch is stored");
    assertEquals(integer(51), got.get(integer(51)).orElseThrow());
  }

  @Test
  void nilKeyIsRejected() {
    LuaSyntaxException error = reject("return { [nil] = 1 }");

    assertEquals("test.dat:1:11: table key is nil", error.getMessage());
  }

  @Test
  void nanKeyIsRejected() {
    LuaSyntaxException error = reject("return {\n  [(0/0)] = nil }");

    assertEquals("test.dat:2:4: table key is NaN", error.getMessage());
  }

  @Test
  void infinityKeyIsAccepted() throws Exception {
    assertEquals(table(Double.POSITIVE_INFINITY, 1), value("{ [(1/0)] = 1 }"));
  }

  @Test
  void tableKeyIsAccepted() throws Exception {
    LuaTable got = (LuaTable) value("{ [{ 1 }] = 'table key' }");

    assertEquals(str("table key"), got.get(table(1, 1)).orElseThrow());
  }

  // ---- strings

  static Stream<Arguments> strings() {
    return Stream.of(
        Arguments.of("'single \"q\"'", str("single \"q\"")),
        Arguments.of("\"\\x00\\xfF\\x7e\"", bytes(0, 255, 0x7E)),
        Arguments.of("\"\\1\\12\\123\\1234\"", bytes(1, 12, 123, 123, '4')),
        Arguments.of(
            "\"\\u{0}\\u{7F}\\u{80}\\u{7FF}\\u{800}\\u{FFFF}\"",
            bytes(0, 0x7F, 0xC2, 0x80, 0xDF, 0xBF, 0xE0, 0xA0, 0x80, 0xEF, 0xBF, 0xBF)),
        Arguments.of("\"\\u{10FFFF}\\u{D800}\"", bytes(0xF4, 0x8F, 0xBF, 0xBF, 0xED, 0xA0, 0x80)),
        Arguments.of("\"\\u{110000}\"", bytes(0xF4, 0x90, 0x80, 0x80)),
        Arguments.of("\"\\u{7FFFFFFF}\"", bytes(0xFD, 0xBF, 0xBF, 0xBF, 0xBF, 0xBF)),
        Arguments.of("\"\\u{0000000041}\"", str("A")),
        Arguments.of("\"a\\z \t\r\n\u000b\u000c b\"", str("ab")),
        Arguments.of("\"a\\\r\nb\"", str("a\nb")),
        Arguments.of("\"a\\\n\rb\"", str("a\nb")),
        Arguments.of("\"a\\\rb\"", str("a\nb")),
        Arguments.of("\"a\\\n\nb\"", null),
        Arguments.of(
            "\"\u00ff\u0080raw\u0000nul\"", bytes(0xFF, 0x80, 'r', 'a', 'w', 0, 'n', 'u', 'l')),
        Arguments.of("[==[a]]b]=]c]===]d]==]", str("a]]b]=]c]===]d")),
        Arguments.of("[[\r\nfirst CRLF dropped]]", str("first CRLF dropped")),
        Arguments.of("[[\n\nsecond kept]]", str("\nsecond kept")),
        Arguments.of("[[a\r\nb\n\rc\rd]]", str("a\nb\nc\nd")),
        Arguments.of("[[\\n \\ddd]]", str("\\n \\ddd")),
        Arguments.of("[=====[ ]====] ]] ]=====]", str(" ]====] ]] ")),
        Arguments.of("''", str("")),
        Arguments.of("[[]]", str("")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strings")
  void stringLiteral(String literal, LuaData expected) throws Exception {
    if (expected == null) {
      // "a\<LF><LF>b": the escaped line break is one, the raw second one ends the string.
      assertTrue(reject("return " + literal).reason().contains("unfinished string"));
      return;
    }
    assertEquals(expected, value(literal));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          "\\q"                | 9  | invalid escape sequence '\\q'
          "\\x4"               | 9  | hexadecimal digit expected in escape '\\x4"'
          "\\xg0"              | 9  | hexadecimal digit expected
          "\\u{}"              | 9  | hexadecimal digit expected
          "\\u41"              | 9  | missing '{' after '\\u'
          "\\u{41"             | 9  | missing '}' in escape
          "\\u{80000000}"      | 9  | UTF-8 value too large
          "\\300"              | 9  | decimal escape '\\300' is larger than 255
          "abc                 | 8  | unfinished string
          "abc\\               | 8  | unfinished string
          'a"                  | 8  | unfinished string
          [[abc                | 8  | unfinished long string
          [==[abc]=]           | 8  | unfinished long string
          [=abc                | 8  | invalid long string delimiter
          """)
  void invalidString(String literal, int column, String reason) {
    LuaSyntaxException error = reject("return " + literal);

    assertEquals(1, error.line(), error.getMessage());
    assertEquals(column, error.column(), error.getMessage());
    assertTrue(error.reason().contains(reason), error.getMessage());
  }

  @Test
  void rawNewlineEndsShortString() {
    LuaSyntaxException error = reject("return {\n  a = \"line\nbreak\" }");

    assertEquals("test.dat:2:7: unfinished string", error.getMessage());
  }

  // ---- numbers

  static Stream<Arguments> numbers() {
    return Stream.of(
        Arguments.of("0", integer(0)),
        Arguments.of("-0", integer(0)),
        Arguments.of("-0.0", number(-0.0)),
        Arguments.of("9223372036854775808", number(0x1p63)),
        Arguments.of("-9223372036854775808", number(-0x1p63)),
        Arguments.of("- 9223372036854775807", integer(-Long.MAX_VALUE)),
        Arguments.of("-(-9223372036854775807 - 0)", null),
        Arguments.of("99999999999999999999", number(1e20)),
        Arguments.of("0x7fffffffffffffff", integer(Long.MAX_VALUE)),
        Arguments.of("0x8000000000000000", integer(Long.MIN_VALUE)),
        Arguments.of("0x10000000000000001", integer(1)),
        Arguments.of("0XaBc", integer(0xABC)),
        Arguments.of("0x.8", number(0.5)),
        Arguments.of("0x8.", number(8.0)),
        Arguments.of("0XA.8P0", number(10.5)),
        Arguments.of("0x1P-2", number(0.25)),
        Arguments.of("0x1p+2", number(4.0)),
        Arguments.of("0x1p99999999999999999999", number(Double.POSITIVE_INFINITY)),
        Arguments.of("0x1p-99999999999999999999", number(0.0)),
        Arguments.of("0x1.fffffffffffff8p1023", number(Double.POSITIVE_INFINITY)),
        Arguments.of("0x1.fffffffffffff7ffp1023", number(Double.MAX_VALUE)),
        Arguments.of("0x0.0000000000001p-1022", number(Double.MIN_VALUE)),
        Arguments.of("1E2", number(100.0)),
        Arguments.of("1e-2", number(0.01)),
        Arguments.of("1e+400", number(Double.POSITIVE_INFINITY)),
        Arguments.of("1e-400", number(0.0)),
        Arguments.of("2.2250738585072011e-308", number(2.2250738585072011e-308)),
        Arguments.of("4.9e-324", number(Double.MIN_VALUE)),
        Arguments.of("0.1e1", number(1.0)),
        Arguments.of("- -7", integer(7)),
        Arguments.of("-(-7)", integer(7)),
        Arguments.of("((((3))))", integer(3)),
        Arguments.of("-(1/0)", number(Double.NEGATIVE_INFINITY)),
        Arguments.of("((-1/0))", number(Double.NEGATIVE_INFINITY)),
        Arguments.of("(- 1/0)", number(Double.NEGATIVE_INFINITY)),
        Arguments.of("-(0/0)", number(Double.NaN)),
        Arguments.of("-(-1/0)", number(Double.POSITIVE_INFINITY)),
        Arguments.of("-0x8000000000000000", integer(Long.MIN_VALUE)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("numbers")
  void numberLiteral(String literal, LuaData expected) throws Exception {
    if (expected == null) {
      assertTrue(reject("return " + literal).reason().contains("not allowed"));
      return;
    }
    assertEquals(expected, value(literal));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          3x     | malformed number '3x'
          0x     | malformed number '0x'
          0xg    | malformed number '0xg'
          1e     | malformed number '1e'
          1e+    | malformed number '1e+'
          1..2   | malformed number '1..2'
          1.2.3  | malformed number '1.2.3'
          0x1p   | malformed number '0x1p'
          0x.p1  | malformed number '0x.p1'
          08a    | malformed number '08a'
          """)
  void malformedNumber(String literal, String reason) {
    LuaSyntaxException error = reject("return " + literal);

    assertEquals("test.dat:1:8: " + reason, error.getMessage());
  }

  // ---- what is not data

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '`',
      textBlock =
          """
          return 1 + 2 => 10 => operator '+' is not allowed
          return { n = #"abc" } => 14 => operator '#' is not allowed
          return not true => 8 => operator 'not' is not allowed
          return 1 == 1 => 10 => operator '==' is not allowed
          return 1 and 2 => 10 => operator 'and' is not allowed
          return "a" .. "b" => 12 => operator '..' is not allowed
          return 2 ^ 2 => 10 => operator '^' is not allowed
          return 1 // 2 => 10 => operator '//' is not allowed
          return 1 & 2 => 10 => operator '&' is not allowed
          return 1|2 => 9 => operator '|' is not allowed
          return ~1 => 8 => operator '~' is not allowed
          return 1 << 2 => 10 => operator '<<' is not allowed
          return 1 >> 2 => 10 => operator '>>' is not allowed
          return (2/0) => 10 => division is allowed only as (1/0), (-1/0) or (0/0)
          return (1/2) => 10 => division is allowed only as
          return 1/0 => 9 => division is allowed only as
          return (1.0/0) => 12 => division is allowed only as
          return -"2" => 8 => unary minus is allowed only on a number
          return -{} => 8 => unary minus is allowed only on a number
          return x => 8 => global variable 'x' is not allowed
          return { a = b.c } => 14 => indexing a variable is not allowed
          return { a = b[1] } => 14 => indexing a variable is not allowed
          return f() => 8 => function call is not allowed
          return f{} => 8 => function call is not allowed
          return f"x" => 8 => function call is not allowed
          return ("x"):upper() => 8 => method call is not allowed
          return function() end => 8 => function definition is not allowed
          return ... => 8 => '...' is not allowed
          x = 1 return {} => 1 => assignment is not allowed
          print(1) return {} => 1 => function call is not allowed
          function f() end return 1 => 1 => function definition is not allowed
          local function f() end => 1 => 'local' statement is not allowed
          if true then end return 1 => 1 => 'if' statement is not allowed
          for i = 1, 2 do end => 1 => loop is not allowed
          for k in x do end => 1 => loop is not allowed
          repeat until true => 1 => loop is not allowed
          goto done ::done:: => 1 => 'goto' is not allowed
          ::top:: return 1 => 1 => label is not allowed
          return {}, {} => 12 => return statement has 2 values
          return {};; => 11 => unexpected ';' after the return statement
          return { a = 1 b = 2 } => 16 => unexpected 'b'; expected
          return { a = } => 14 => unexpected '}'
          return @ => 8 => unexpected character '@'
          return {} \u00c3 => 11 => unexpected byte 0xC3 outside a string
          """)
  void codeIsRejected(String source, int column, String reason) {
    LuaSyntaxException error = reject(source);

    assertEquals(1, error.line(), error.getMessage());
    assertEquals(column, error.column(), error.getMessage());
    assertTrue(error.reason().contains(reason), error.getMessage());
  }

  @Test
  void leadingHashIsRejected() {
    // LuaJ's parser alone would skip a first line that starts with '#'.
    for (String source : List.of("# return 1", "#\nreturn 1", "  -- c\n #x\nreturn 1")) {
      LuaSyntaxException error = reject(source);

      assertTrue(error.reason().contains("unexpected '#' at the start"), error.getMessage());
    }
    LuaSyntaxException shebang = reject("#!lua\nreturn 1");
    assertEquals(
        "test.dat:1:1: file starts with a '#!' line, which Lua's load() does not skip;"
            + " remove that line",
        shebang.getMessage());
  }

  @Test
  void controlByteOutsideStringIsRejected() {
    LuaSyntaxException error = reject("return {\u0001}");

    assertEquals("test.dat:1:9: unexpected byte 0x01 outside a string", error.getMessage());
  }

  @Test
  void unclosedTableNamesOpenBrace() {
    LuaSyntaxException error = reject("return {\n  a = {\n    b = 1,\n");

    assertEquals(
        "test.dat:4:1: unexpected end of file; the '{' at line 2, column 7 is not closed",
        error.getMessage());
  }

  @Test
  void emptyAndNilChunksHaveNoValue() throws Exception {
    for (String source :
        List.of(
            "",
            "  \n",
            "-- comment only\n",
            "--[[ long ]]",
            "return",
            "return;",
            "return nil",
            "return nil;",
            "; return",
            "return (nil)")) {
      assertEquals(Optional.empty(), read(source), source);
    }
  }

  @Test
  void scalarChunksAreAccepted() throws Exception {
    assertEquals(integer(42), value("42"));
    assertEquals(str("s"), value("'s'"));
    assertEquals(LuaBoolean.FALSE, value("false"));
  }

  @Test
  void commentsAndWhitespaceAnywhere() throws Exception {
    String source =
        "--[==[ a ]] ]=] ]==]--x\r\n return --[[c]] { --\n a --[[x]] = --[=[\n]=] 1 \u000b\u000c}"
            + " -- end\u0000 with NUL";

    assertEquals(table("a", 1), read(source).orElseThrow());
  }

  @Test
  void unfinishedLongCommentIsRejected() {
    LuaSyntaxException error = reject("return 1 --[==[ never closed ]]");

    assertEquals("test.dat:1:10: unfinished long comment", error.getMessage());
  }

  @Test
  void lineBreaksCountAsLuaCountsThem() {
    // LF CR, CR LF, CR LF and LF CR are one line break each, and so is a lone CR.
    LuaSyntaxException error = reject("\n\r\r\n\r\n\n\r\rreturn x");

    assertEquals(6, error.line(), error.getMessage());
    assertEquals(8, error.column(), error.getMessage());
  }

  @Test
  void columnsCountBytes() {
    byte[] source = "return { \"é日\", x }".getBytes(StandardCharsets.UTF_8);

    LuaSyntaxException error =
        assertThrows(LuaSyntaxException.class, () -> LuaReader.readChunk(source, "test.dat"));

    assertEquals(
        "test.dat:1:19: global variable 'x' is not allowed in a data file", error.getMessage());
  }

  // ---- limits

  @Test
  void nestingUpToMaxDepthIsAccepted() throws Exception {
    String source = "return " + "{".repeat(LuaReader.MAX_DEPTH) + "}".repeat(LuaReader.MAX_DEPTH);

    LuaData got = read(source).orElseThrow();

    int depth = 0;
    for (LuaData level = got; level instanceof LuaTable table; ) {
      depth++;
      level = table.isEmpty() ? null : table.get(integer(1)).orElseThrow();
    }
    assertEquals(LuaReader.MAX_DEPTH, depth);
  }

  @Test
  void nestingAboveMaxDepthIsRejected() {
    int depth = LuaReader.MAX_DEPTH + 1;
    LuaSyntaxException error = reject("return " + "{".repeat(depth) + "}".repeat(depth));

    assertEquals(8 + LuaReader.MAX_DEPTH, error.column());
    assertTrue(error.reason().startsWith("nesting deeper than 200 levels"), error.getMessage());
  }

  @Test
  void hundredThousandBracesFailFast() {
    String source = "return " + "{".repeat(100_000);

    LuaSyntaxException error =
        assertTimeoutPreemptively(Duration.ofMillis(500), () -> reject(source));
    assertTrue(error.reason().contains("nesting deeper"), error.getMessage());
  }

  @Test
  void longOperatorChainsFailFast() {
    for (String source :
        List.of(
            "return " + "- ".repeat(100_000) + "1",
            "return 1" + " + 1".repeat(100_000),
            "return " + "(".repeat(100_000),
            "return { " + "[ ".repeat(100_000))) {
      LuaSyntaxException error =
          assertTimeoutPreemptively(Duration.ofSeconds(1), () -> reject(source));
      assertTrue(error.reason().contains("nesting deeper"), error.getMessage());
    }
  }

  @Test
  void deepBlocksBecomeSyntaxErrors() {
    // Keywords are not counted before parsing; the parser's stack overflow is caught instead.
    String source = "do ".repeat(100_000) + "end ".repeat(100_000);

    LuaSyntaxException error =
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> reject(source));
    assertTrue(
        error.reason().contains("stack") || error.reason().contains("'do' block"),
        error.getMessage());
  }

  @Test
  void smallStackGivesSyntaxErrorNotStackOverflow() throws Exception {
    String source = "return " + "{".repeat(LuaReader.MAX_DEPTH) + "}".repeat(LuaReader.MAX_DEPTH);
    AtomicReference<Throwable> thrown = new AtomicReference<>();

    Thread thread =
        new Thread(
            null,
            () -> {
              try {
                read(source);
              } catch (Throwable e) {
                thrown.set(e);
              }
            },
            "small-stack",
            64 * 1024);
    thread.start();
    thread.join();

    assertTrue(thrown.get() instanceof LuaSyntaxException, String.valueOf(thrown.get()));
    assertTrue(thrown.get().getMessage().contains("stack"), thrown.get().getMessage());
  }

  @Test
  void sourceOverLimitIsRejectedWithoutParsing() {
    byte[] source = new byte[LuaReader.MAX_SOURCE_BYTES + 1];
    Arrays.fill(source, (byte) '{');

    LuaSyntaxException error =
        assertTimeoutPreemptively(
            Duration.ofMillis(500),
            () -> assertThrows(LuaSyntaxException.class, () -> LuaReader.readChunk(source, "big")));
    assertEquals(
        "big:0:0: file is 16777217 bytes, more than the limit of 16777216 bytes for a data file",
        error.getMessage());
  }

  @Test
  void largeInputsReadInLinearTime() throws Exception {
    // A 4 MiB string, a 4 MiB comment and 500,000 table fields, each well under the timeout.
    byte[] longString =
        ("return '" + "x".repeat(4 << 20) + "'").getBytes(StandardCharsets.US_ASCII);
    byte[] longComment =
        ("--[[" + "y".repeat(4 << 20) + "]] return 1").getBytes(StandardCharsets.US_ASCII);
    byte[] manyFields =
        ("return {" + "1,".repeat(500_000) + "}").getBytes(StandardCharsets.US_ASCII);

    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          assertEquals(
              4 << 20, ((LuaString) LuaReader.readChunk(longString, "s").orElseThrow()).length());
          assertEquals(integer(1), LuaReader.readChunk(longComment, "c").orElseThrow());
          assertEquals(
              500_000, ((LuaTable) LuaReader.readChunk(manyFields, "f").orElseThrow()).size());
        });
  }

  // ---- list files

  @Test
  void listStatementForms() throws Exception {
    String source = "item({ a = 1 });\nitem{ b = 2 } item\"s\"; item(3)\r\nitem( 'x' ) ;";

    List<LuaData> items = LuaReader.readList(source.getBytes(StandardCharsets.UTF_8), "l.list");

    assertEquals(List.of(table("a", 1), table("b", 2), str("s"), integer(3), str("x")), items);
  }

  @Test
  void listNilItemIsSkipped() throws Exception {
    List<LuaData> items =
        LuaReader.readList("item(1) item(nil) item(2)".getBytes(StandardCharsets.UTF_8), "l");

    assertEquals(List.of(integer(1), integer(2)), items);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          item()                 | 6  | item(...) needs exactly one value, found 0
          item(1, 2)             | 10 | item(...) needs exactly one value, found 2
          items(1)               | 1  | function call is not allowed in a list file
          item.x(1)              | 1  | function call is not allowed in a list file
          item:x(1)              | 1  | function call is not allowed in a list file
          return { 1 }           | 1  | return statement is not allowed in a list file
          { 1 }                  | 1  | a list file contains only item(...) statements
          item(1) x = 2          | 9  | assignment is not allowed
          item(f())              | 6  | function call is not allowed in a data file
          item                   | 1  | a statement must be a function call or an assignment
          item({ 1 )             | 10 | unexpected ')'
          """)
  void invalidListIsRejected(String source, int column, String reason) {
    LuaSyntaxException error =
        assertThrows(
            LuaSyntaxException.class,
            () -> LuaReader.readList(source.getBytes(StandardCharsets.UTF_8), "l.list"));

    assertEquals(1, error.line(), error.getMessage());
    assertEquals(column, error.column(), error.getMessage());
    assertTrue(error.reason().contains(reason), error.getMessage());
  }

  // ---- files a user creates

  @Test
  void readsFilesWrittenToDisk(@TempDir Path directory) throws Exception {
    Path good = directory.resolve("good.dat");
    Files.write(
        good, "return {\r\n\tpassword = 'p\\u{E9}';\r\n};\r\n".getBytes(StandardCharsets.US_ASCII));
    Path bad = directory.resolve("bad.dat");
    Files.write(
        bad, "return {\n\tpassword = os.getenv('HOME');\n};\n".getBytes(StandardCharsets.US_ASCII));

    assertEquals(
        table("password", "pé"),
        LuaReader.readChunk(Files.readAllBytes(good), good.toString()).orElseThrow());
    LuaSyntaxException error =
        assertThrows(
            LuaSyntaxException.class,
            () -> LuaReader.readChunk(Files.readAllBytes(bad), bad.toString()));
    assertEquals(bad + ":2:13: function call is not allowed in a data file", error.getMessage());
  }

  @Test
  void sourceArrayIsNotChanged() throws Exception {
    byte[] source = "return { 'a\\tb', [[x]] }".getBytes(StandardCharsets.US_ASCII);
    byte[] copy = source.clone();

    LuaReader.readChunk(source, "s");

    assertEquals(Arrays.toString(copy), Arrays.toString(source));
  }
}
