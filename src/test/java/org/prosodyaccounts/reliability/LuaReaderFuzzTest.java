package org.prosodyaccounts.reliability;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.prosodyaccounts.lua.LuaReader;
import org.prosodyaccounts.lua.LuaSyntaxException;

/**
 * Coverage-guided fuzzing of the data file reader. Without {@code JAZZER_FUZZ} this runs the seed
 * corpus in {@code LuaReaderFuzzTestInputs/<method>/} once, as a regression test. The only
 * accepted failure is {@link LuaSyntaxException}: any other exception, an error such as
 * {@link StackOverflowError} or {@link OutOfMemoryError}, or a hang is a finding.
 */
public class LuaReaderFuzzTest {

  /**
   * Runs one input through {@link #readChunk}: the entry point of Jazzer's standalone driver
   * ({@code com.code_intelligence.jazzer.Jazzer}), which the long runs in
   * {@code docs/reliability.md} use.
   */
  public static void fuzzerTestOneInput(byte[] source) {
    new LuaReaderFuzzTest().readChunk(source);
  }

  @FuzzTest(maxDuration = "30s")
  @DictionaryFile(resourcePath = "lua.dict")
  void readChunk(byte[] source) {
    try {
      LuaReader.readChunk(source, "fuzz.dat");
    } catch (LuaSyntaxException e) {
      FuzzFigures.rejected("readChunk");
      return;
    }
    FuzzFigures.accepted("readChunk");
  }

  @FuzzTest(maxDuration = "30s")
  @DictionaryFile(resourcePath = "lua.dict")
  void readList(byte[] source) {
    try {
      LuaReader.readList(source, "fuzz.list");
    } catch (LuaSyntaxException e) {
      FuzzFigures.rejected("readList");
      return;
    }
    FuzzFigures.accepted("readList");
  }
}
