package org.prosodyaccounts.lua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rejects every file of {@code testdata/invalid}, at the right place and for the right reason. */
class InvalidFilesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          bytecode_luac54.dat          | 1 | 1  | precompiled Lua bytecode
          do_return_then_loop.dat      | 1 | 1  | 'do' block is not allowed
          double_semicolon.dat         | 1 | 27 | unexpected ';' after the return statement
          expressions.dat              | 1 | 27 | operator '..' is not allowed
          function_call_global.dat     | 1 | 21 | function call is not allowed
          function_call_os_execute.dat | 1 | 21 | function call is not allowed
          global_reference.dat         | 1 | 21 | global variable 'secret_password' is not allowed
          local_statement.dat          | 1 | 1  | 'local' statement is not allowed
          loop_before_return.dat       | 1 | 1  | loop is not allowed
          method_call_on_string.dat    | 1 | 21 | method call is not allowed
          missing_return.dat           | 1 | 1  | a data file is 'return' followed by one value
          nul_byte.dat                 | 1 | 26 | NUL byte outside a string
          return_then_loop.dat         | 2 | 1  | unexpected 'while' after the return statement
          shebang.dat                  | 1 | 1  | '#!' line
          syntax_error.dat             | 1 | 21 | unfinished string
          trailing_garbage.dat         | 2 | 1  | unexpected 'garbage' after the return statement
          utf8_bom.dat                 | 1 | 1  | byte order mark (BOM)
          """)
  void invalidFileIsRejected(String name, int line, int column, String reason) {
    Path file = TestFiles.INVALID.resolve(name);
    String chunkName = "invalid/" + name;

    LuaSyntaxException error =
        assertThrows(
            LuaSyntaxException.class, () -> LuaReader.readChunk(TestFiles.read(file), chunkName));

    assertEquals(chunkName, error.chunkName());
    assertEquals(line, error.line(), error.getMessage());
    assertEquals(column, error.column(), error.getMessage());
    assertTrue(error.reason().contains(reason), error.getMessage());
    assertEquals(chunkName + ":" + line + ":" + column + ": " + error.reason(), error.getMessage());
  }

  @Test
  void everyInvalidFileIsListed() throws Exception {
    Set<String> tested =
        Set.of(
            "bytecode_luac54.dat",
            "do_return_then_loop.dat",
            "double_semicolon.dat",
            "expressions.dat",
            "function_call_global.dat",
            "function_call_os_execute.dat",
            "global_reference.dat",
            "local_statement.dat",
            "loop_before_return.dat",
            "method_call_on_string.dat",
            "missing_return.dat",
            "nul_byte.dat",
            "return_then_loop.dat",
            "shebang.dat",
            "syntax_error.dat",
            "trailing_garbage.dat",
            "utf8_bom.dat",
            "empty.dat");
    try (Stream<Path> files = Files.list(TestFiles.INVALID)) {
      Set<String> present =
          files
              .map(path -> path.getFileName().toString())
              .filter(name -> name.endsWith(".dat"))
              .collect(Collectors.toSet());
      assertEquals(present, tested);
    }
  }

  @Test
  void emptyFileHasNoValue() throws Exception {
    byte[] source = TestFiles.read(TestFiles.INVALID.resolve("empty.dat"));

    assertTrue(LuaReader.readChunk(source, "empty.dat").isEmpty());
    assertTrue(LuaReader.readList(source, "empty.list").isEmpty());
  }

  @Test
  void hostileFilesReturnPromptly() {
    for (String name : new String[] {"function_call_os_execute.dat", "loop_before_return.dat"}) {
      byte[] source = TestFiles.read(TestFiles.INVALID.resolve(name));

      assertTimeoutPreemptively(
          Duration.ofSeconds(2),
          () -> assertThrows(LuaSyntaxException.class, () -> LuaReader.readChunk(source, name)),
          name);
    }
  }

  @Test
  void invalidFilesAreRejectedAsListsToo() {
    for (String name : new String[] {"bytecode_luac54.dat", "nul_byte.dat", "utf8_bom.dat"}) {
      byte[] source = TestFiles.read(TestFiles.INVALID.resolve(name));

      assertThrows(LuaSyntaxException.class, () -> LuaReader.readList(source, name), name);
    }
  }
}
