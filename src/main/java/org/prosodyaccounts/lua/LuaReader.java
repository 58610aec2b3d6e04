package org.prosodyaccounts.lua;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.luaj.vm2.ast.Chunk;
import org.luaj.vm2.parser.LuaParser;
import org.luaj.vm2.parser.ParseException;
import org.luaj.vm2.parser.TokenMgrError;

/**
 * Reads Prosody's data files ({@code .dat} and {@code .list}) as literal data, without running
 * them. Prosody itself loads these files as Lua code. This reader accepts the literal subset that
 * Prosody's serializers write and people write by hand, and rejects the rest.
 *
 * <p>How it reads: {@link LuaLexer} splits the bytes into tokens with Lua 5.4's rules and validates
 * each literal; LuaJ 3.0.1's parser builds the syntax tree from a {@link SkeletonReader} that hides
 * the literals; {@link LiteralEvaluator} walks the tree and decodes each literal from its own
 * source bytes with {@link LiteralDecoder}. LuaJ never runs anything, and its own literal decoding,
 * which differs from Lua 5.4's, is never used.
 *
 * <p>What is accepted: table constructors in every form ({@code [k] = v}, {@code name = v},
 * positional items, {@code ,} and {@code ;}, a trailing separator); strings in both quotes and long
 * brackets of any level with every escape of Lua 5.1 to 5.4 ({@code \ddd}, {@code \xXX}, {@code
 * \z}, <code>&#92;u{XXX}</code> up to 2^31 - 1, backslash-newline); decimal and hex integers and
 * floats with Lua 5.4's overflow rules; {@code true}, {@code false}, {@code nil}; unary minus on
 * numbers; parentheses; {@code (1/0)}, {@code (-1/0)} and {@code (0/0)}; comments; any line break
 * style. A later duplicate key wins and integral float keys become integers, as in Lua 5.4. A NUL
 * byte is allowed inside strings and comments, where Lua allows it.
 *
 * <p>What is rejected with a {@link LuaSyntaxException}: anything Lua would not compile, and any
 * code: function calls, global variables, operators other than the three divisions, statements
 * other than the one {@code return} or the {@code item(...)} calls, precompiled bytecode, a BOM or
 * {@code #!} line, input over {@link #MAX_SOURCE_BYTES}, and nesting over {@link #MAX_DEPTH}.
 *
 * <p>Thread-safe: the methods keep no state between calls.
 */
public final class LuaReader {

  /**
   * Largest source accepted, in bytes: 16 MiB. Larger input is rejected before parsing.
   *
   * <p>NOTE: a file at this limit made of tiny fields ({@code return {1,1,1,...}}, 8 million
   * entries) took about 10 s and a heap of 1 GiB (JDK 17, 2 cores, measured with a throwaway
   * program), most of it in LuaJ's parser and the resulting table. Real account and roster files
   * are a few hundred bytes to a few hundred KiB and read in milliseconds.
   */
  public static final int MAX_SOURCE_BYTES = 16 * 1024 * 1024;

  /**
   * Largest nesting accepted: tables, brackets and parentheses inside each other, plus the
   * operators of one expression. Prosody's serializer writes at most 127 nested tables.
   */
  public static final int MAX_DEPTH = 200;

  private enum Mode {
    CHUNK,
    LIST
  }

  private LuaReader() {}

  /**
   * Reads a keyval file: a chunk that is {@code return <expression>}, optionally followed by one
   * {@code ;}.
   *
   * @param source the file's bytes
   * @param chunkName the name for error messages, usually the file's path
   * @return the value, or empty when the chunk returns nothing (an empty file, only comments, a
   *     bare {@code return}) or {@code nil}
   * @throws LuaSyntaxException if the source is not a chunk of that form, or is too large or too
   *     deeply nested
   */
  public static Optional<LuaData> readChunk(byte[] source, String chunkName)
      throws LuaSyntaxException {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(chunkName, "chunkName");
    try {
      TokenList tokens = tokenize(source);
      Chunk chunk = parse(tokens, Mode.CHUNK);
      return evaluate(() -> LiteralEvaluator.evaluateChunk(chunk, tokens, MAX_DEPTH));
    } catch (SourceError e) {
      throw toException(e, source, chunkName);
    }
  }

  /**
   * Reads a list file, as Prosody's {@code datamanager.list_load} does: zero or more statements
   * {@code item(<expression>)}, or {@code item{...}} and {@code item"..."} without parentheses,
   * each optionally followed by {@code ;}. An item whose value is {@code nil} is skipped, as
   * Prosody's {@code table.insert} skips it.
   *
   * @param source the file's bytes
   * @param chunkName the name for error messages, usually the file's path
   * @return the items in file order
   * @throws LuaSyntaxException if the source is not a list of that form, or is too large or too
   *     deeply nested
   */
  public static List<LuaData> readList(byte[] source, String chunkName) throws LuaSyntaxException {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(chunkName, "chunkName");
    try {
      TokenList tokens = tokenize(source);
      Chunk chunk = parse(tokens, Mode.LIST);
      return evaluate(() -> LiteralEvaluator.evaluateList(chunk, tokens, MAX_DEPTH));
    } catch (SourceError e) {
      throw toException(e, source, chunkName);
    }
  }

  private static TokenList tokenize(byte[] source) throws SourceError {
    if (source.length > MAX_SOURCE_BYTES) {
      throw new SourceError(
          -1,
          "file is "
              + source.length
              + " bytes, more than the limit of "
              + MAX_SOURCE_BYTES
              + " bytes for a data file");
    }
    return LuaLexer.tokenize(source, MAX_DEPTH);
  }

  private static Chunk parse(TokenList tokens, Mode mode) throws SourceError {
    LuaParser parser = new LuaParser(new SkeletonReader(tokens));
    try {
      return parser.Chunk();
    } catch (ParseException e) {
      throw ParseErrors.describe(e, parser, tokens, mode == Mode.LIST);
    } catch (TokenMgrError e) {
      throw new SourceError(-1, "LuaJ's lexer failed: " + e.getMessage());
    } catch (StackOverflowError e) {
      throw stackOverflow();
    } catch (RuntimeException e) {
      throw new SourceError(-1, "LuaJ's parser failed: " + e);
    }
  }

  private interface Evaluation<T> {
    T run() throws SourceError;
  }

  private static <T> T evaluate(Evaluation<T> evaluation) throws SourceError {
    try {
      return evaluation.run();
    } catch (StackOverflowError e) {
      throw stackOverflow();
    } catch (RuntimeException e) {
      // A tree shape that LiteralEvaluator does not expect becomes an error at no position.
      throw new SourceError(-1, "reading LuaJ's syntax tree failed: " + e);
    }
  }

  private static SourceError stackOverflow() {
    return new SourceError(
        -1, "nesting too deep for the thread's stack; the reader needs about 1 MiB of stack");
  }

  private static LuaSyntaxException toException(SourceError error, byte[] source, String name) {
    if (error.offset < 0) {
      return new LuaSyntaxException(name, 0, 0, error.reason());
    }
    SourcePosition position = SourcePosition.of(source, error.offset);
    return new LuaSyntaxException(name, position.line(), position.column(), error.reason());
  }
}
