package org.prosodyaccounts.lua;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.ast.Block;
import org.luaj.vm2.ast.Chunk;
import org.luaj.vm2.ast.Exp;
import org.luaj.vm2.ast.FuncArgs;
import org.luaj.vm2.ast.Stat;
import org.luaj.vm2.ast.TableConstructor;
import org.luaj.vm2.ast.TableField;

/**
 * Evaluates the syntax tree that LuaJ's parser built from a {@link SkeletonReader}, accepting
 * literal data only and running nothing.
 *
 * <p>Every constant of the tree stands for the token on its line (see {@link SkeletonReader}), and
 * its value is decoded from that token's source bytes by {@link LiteralDecoder}. Table constructors
 * are evaluated with Lua 5.4's semantics, and unary minus applies to numbers. Division is allowed
 * only in {@code (1/0)}, {@code (-1/0)} and {@code (0/0)}, which Prosody's serializer writes for
 * infinities and NaN. Everything else that Lua would evaluate is rejected.
 */
final class LiteralEvaluator {

  /** Positional items a Lua 5.4 table constructor stores at once (LFIELDS_PER_FLUSH). */
  private static final int POSITIONAL_FLUSH = 50;

  private static final String NOT_ALLOWED = " is not allowed in a data file";
  private static final String NOT_IN_LIST = " is not allowed in a list file";

  private final TokenList tokens;
  private final TreePositions positions;
  private final int maxDepth;

  private LiteralEvaluator(TokenList tokens, int maxDepth) {
    this.tokens = tokens;
    this.positions = new TreePositions(tokens);
    this.maxDepth = maxDepth;
  }

  /** Returns the value of a chunk that is {@code return <value>}, or empty for no value or nil. */
  static Optional<LuaData> evaluateChunk(Chunk chunk, TokenList tokens, int maxDepth)
      throws SourceError {
    LiteralEvaluator evaluator = new LiteralEvaluator(tokens, maxDepth);
    List<?> statements = chunk.block.stats;
    if (statements.isEmpty()) {
      return Optional.empty();
    }

    Stat first = (Stat) statements.get(0);
    if (!(first instanceof Stat.Return)) {
      throw evaluator.statementNotAllowed(first);
    }

    List<?> values = ((Stat.Return) first).values;
    if (values == null || values.isEmpty()) {
      return Optional.empty();
    }
    if (values.size() > 1) {
      Exp second = (Exp) values.get(1);
      throw evaluator.errorAt(
          evaluator.positions.firstToken(second),
          "return statement has " + values.size() + " values; a data file returns one");
    }
    return Optional.ofNullable(evaluator.evaluate((Exp) values.get(0), 0));
  }

  /**
   * Returns the values of the {@code item(...)} statements of a list file, skipping nil values as
   * Prosody's {@code table.insert} does.
   */
  static List<LuaData> evaluateList(Chunk chunk, TokenList tokens, int maxDepth)
      throws SourceError {
    LiteralEvaluator evaluator = new LiteralEvaluator(tokens, maxDepth);
    List<LuaData> items = new ArrayList<>();
    @SuppressWarnings("unchecked")
    List<Object> statements = (List<Object>) chunk.block.stats;
    for (int k = 0; k < statements.size(); k++) {
      Stat statement = (Stat) statements.get(k);
      statements.set(k, null); // lets the tree of the items already read be collected
      LuaData item = evaluator.evaluateItem(statement);
      if (item != null) {
        items.add(item);
      }
    }
    return items;
  }

  private LuaData evaluateItem(Stat statement) throws SourceError {
    if (statement instanceof Stat.Return) {
      throw errorAt(positions.keywordToken(statement, "return"), "return statement" + NOT_IN_LIST);
    }
    if (!(statement instanceof Stat.FuncCallStat)) {
      throw statementNotAllowed(statement);
    }

    Exp.FuncCall call = ((Stat.FuncCallStat) statement).funccall;
    if (call instanceof Exp.MethodCall
        || !(call.lhs instanceof Exp.NameExp)
        || !((Exp.NameExp) call.lhs).name.name.equals("item")) {
      throw errorAt(
          positions.firstToken(call),
          "function call" + NOT_IN_LIST + "; only item(...) statements are");
    }

    FuncArgs args = call.args;
    int count = args.exps == null ? 0 : args.exps.size();
    if (count != 1) {
      throw errorAt(positions.lastToken(call), "item(...) needs exactly one value, found " + count);
    }
    Exp value = (Exp) args.exps.get(0);
    if (value instanceof Exp.Constant && value.endLine == 0) {
      // item"text": LuaJ gives the string constant no position, only the argument list.
      return constant((Exp.Constant) value, args.endLine - 1);
    }
    return evaluate(value, 0);
  }

  /** Returns the value of {@code expression}, or null for nil. */
  private LuaData evaluate(Exp expression, int depth) throws SourceError {
    if (expression instanceof Exp.Constant) {
      return constant((Exp.Constant) expression, positions.lastToken(expression));
    }
    if (expression instanceof TableConstructor) {
      return table((TableConstructor) expression, depth + 1);
    }
    if (expression instanceof Exp.ParensExp) {
      return parenthesized((Exp.ParensExp) expression, depth);
    }
    if (expression instanceof Exp.UnopExp) {
      return unary((Exp.UnopExp) expression, depth);
    }
    throw expressionNotAllowed(expression);
  }

  private LuaData constant(Exp.Constant constant, int token) throws SourceError {
    if (token < 0) {
      throw new SourceError(-1, "parser returned a constant without a position");
    }
    byte[] source = tokens.source();
    int start = tokens.start(token);
    int end = tokens.end(token);
    int luajType = constant.value.type();

    switch (tokens.kind(token)) {
      case TokenList.NUMBER:
        checkType(luajType == LuaValue.TNUMBER, token);
        return LiteralDecoder.decodeNumeral(source, start, end);
      case TokenList.STRING:
        checkType(luajType == LuaValue.TSTRING, token);
        return LiteralDecoder.decodeShortString(source, start, end);
      case TokenList.LONG_STRING:
        checkType(luajType == LuaValue.TSTRING, token);
        return LiteralDecoder.decodeLongString(source, start, end);
      default:
        if (tokens.is(token, "nil")) {
          checkType(luajType == LuaValue.TNIL, token);
          return null;
        }
        checkType(luajType == LuaValue.TBOOLEAN, token);
        return LuaBoolean.of(tokens.is(token, "true"));
    }
  }

  private void checkType(boolean matches, int token) throws SourceError {
    if (!matches) {
      throw errorAt(
          token, "parser returned a constant that does not match " + tokens.describe(token));
    }
  }

  private LuaTable table(TableConstructor constructor, int depth) throws SourceError {
    if (depth > maxDepth) {
      throw errorAt(positions.firstToken(constructor), "tables nested deeper than " + maxDepth);
    }
    LuaTable table = new LuaTable();
    if (constructor.fields == null) {
      return table;
    }

    // Lua 5.4 stores positional items in batches, after the keyed fields evaluated before the
    // batch ends, so {[1] = "a", "b"} gives t[1] == "b". Keeping that order keeps the result.
    List<LuaData> pending = new ArrayList<>();
    long nextIndex = 1;
    List<Object> fields = fieldsOf(constructor);
    for (int k = 0; k < fields.size(); k++) {
      if (pending.size() == POSITIONAL_FLUSH) {
        nextIndex = flush(table, pending, nextIndex);
      }
      TableField field = (TableField) fields.get(k);
      // The tree is read once, so releasing each field lets a large file's tree be collected
      // while its values are built.
      fields.set(k, null);
      if (field.index != null) {
        LuaData key = evaluate(field.index, depth);
        checkKey(key, field.index);
        table.put(key, evaluate(field.rhs, depth));
      } else if (field.name != null) {
        table.put(LuaString.of(field.name), evaluate(field.rhs, depth));
      } else {
        pending.add(evaluate(field.rhs, depth));
      }
    }
    flush(table, pending, nextIndex);
    return table;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> fieldsOf(TableConstructor constructor) {
    return (List<Object>) constructor.fields;
  }

  private static long flush(LuaTable table, List<LuaData> pending, long firstIndex) {
    long index = firstIndex;
    for (LuaData value : pending) {
      table.put(LuaInteger.of(index), value);
      index++;
    }
    pending.clear();
    return index;
  }

  private void checkKey(LuaData key, Exp keyExpression) throws SourceError {
    if (key == null) {
      throw errorAt(positions.firstToken(keyExpression), "table key is nil");
    }
    if (key instanceof LuaFloat && Double.isNaN(((LuaFloat) key).value())) {
      throw errorAt(positions.firstToken(keyExpression), "table key is NaN");
    }
  }

  private LuaData parenthesized(Exp.ParensExp parens, int depth) throws SourceError {
    if (parens.exp instanceof Exp.BinopExp) {
      return specialDivision((Exp.BinopExp) parens.exp, depth);
    }
    return evaluate(parens.exp, depth);
  }

  /** Evaluates {@code (1/0)}, {@code (-1/0)} and {@code (0/0)}, and rejects other operations. */
  private LuaData specialDivision(Exp.BinopExp operation, int depth) throws SourceError {
    if (operation.op != Lua.OP_DIV) {
      throw expressionNotAllowed(operation);
    }
    LuaData dividend = evaluate(operation.lhs, depth);
    LuaData divisor = evaluate(operation.rhs, depth);
    if (LuaInteger.of(0).equals(divisor)) {
      if (LuaInteger.of(1).equals(dividend)) {
        return LuaFloat.of(Double.POSITIVE_INFINITY);
      }
      if (LuaInteger.of(-1).equals(dividend)) {
        return LuaFloat.of(Double.NEGATIVE_INFINITY);
      }
      if (LuaInteger.of(0).equals(dividend)) {
        return LuaFloat.of(Double.NaN);
      }
    }
    throw errorAt(positions.operatorToken(operation), divisionOnlyMessage());
  }

  private static String divisionOnlyMessage() {
    return "division is allowed only as (1/0), (-1/0) or (0/0) in a data file";
  }

  private LuaData unary(Exp.UnopExp operation, int depth) throws SourceError {
    int operator = positions.unaryOperatorToken(operation);
    if (operation.op != Lua.OP_UNM) {
      throw errorAt(operator, "operator " + describe(operator) + NOT_ALLOWED);
    }
    LuaData operand = evaluate(operation.rhs, depth);
    if (operand instanceof LuaInteger) {
      // Integer negation wraps, as in Lua: -math.mininteger == math.mininteger.
      return LuaInteger.of(-((LuaInteger) operand).value());
    }
    if (operand instanceof LuaFloat) {
      return LuaFloat.of(-((LuaFloat) operand).value());
    }
    throw errorAt(operator, "unary minus is allowed only on a number in a data file");
  }

  private SourceError expressionNotAllowed(Exp expression) {
    if (expression instanceof Exp.BinopExp) {
      Exp.BinopExp operation = (Exp.BinopExp) expression;
      int operator = positions.operatorToken(operation);
      if (operation.op == Lua.OP_DIV) {
        return errorAt(operator, divisionOnlyMessage());
      }
      return errorAt(operator, "operator " + describe(operator) + NOT_ALLOWED);
    }
    int first = positions.firstToken(expression);
    if (expression instanceof Exp.NameExp) {
      String name = ((Exp.NameExp) expression).name.name;
      // The message quotes the name, so a password written by hand without quotes, such as
      // password = hunter2, appears in it; FileStore hides quoted words before it reports a file.
      return errorAt(first, "global variable '" + name + "'" + NOT_ALLOWED);
    }
    if (expression instanceof Exp.MethodCall) {
      return errorAt(first, "method call" + NOT_ALLOWED);
    }
    if (expression instanceof Exp.FuncCall) {
      return errorAt(first, "function call" + NOT_ALLOWED);
    }
    if (expression instanceof Exp.FieldExp || expression instanceof Exp.IndexExp) {
      return errorAt(first, "indexing a variable" + NOT_ALLOWED);
    }
    if (expression instanceof Exp.VarargsExp) {
      return errorAt(first, "'...'" + NOT_ALLOWED);
    }
    if (expression instanceof Exp.AnonFuncDef) {
      return errorAt(
          positions.keywordToken(expression, "function"), "function definition" + NOT_ALLOWED);
    }
    return errorAt(first, "expression" + NOT_ALLOWED);
  }

  /** A kind of statement that starts with a keyword, and how errors name it. */
  private record KeywordStatement(Class<?> type, String keyword, String description) {}

  private static final List<KeywordStatement> KEYWORD_STATEMENTS =
      List.of(
          new KeywordStatement(Stat.LocalAssign.class, "local", "'local' statement"),
          new KeywordStatement(Stat.LocalFuncDef.class, "local", "'local' statement"),
          new KeywordStatement(Stat.WhileDo.class, "while", "loop"),
          new KeywordStatement(Stat.RepeatUntil.class, "repeat", "loop"),
          new KeywordStatement(Stat.NumericFor.class, "for", "loop"),
          new KeywordStatement(Stat.GenericFor.class, "for", "loop"),
          new KeywordStatement(Stat.IfThenElse.class, "if", "'if' statement"),
          new KeywordStatement(Stat.FuncDef.class, "function", "function definition"),
          new KeywordStatement(Stat.Goto.class, "goto", "'goto'"),
          new KeywordStatement(Stat.Break.class, "break", "'break'"),
          new KeywordStatement(Stat.Label.class, "::", "label"),
          new KeywordStatement(Block.class, "do", "'do' block"));

  private SourceError statementNotAllowed(Stat statement) {
    for (KeywordStatement kind : KEYWORD_STATEMENTS) {
      if (kind.type().isInstance(statement)) {
        int keyword = positions.keywordToken(statement, kind.keyword());
        return errorAt(keyword, kind.description() + NOT_ALLOWED);
      }
    }

    if (statement instanceof Stat.Assign) {
      Exp target = (Exp) ((Stat.Assign) statement).vars.get(0);
      return errorAt(positions.firstToken(target), "assignment" + NOT_ALLOWED);
    }
    if (statement instanceof Stat.FuncCallStat) {
      Exp.FuncCall call = ((Stat.FuncCallStat) statement).funccall;
      return errorAt(positions.firstToken(call), "function call" + NOT_ALLOWED);
    }
    return errorAt(positions.beginToken(statement), "statement" + NOT_ALLOWED);
  }

  private String describe(int token) {
    return token < 0 ? "(unknown)" : tokens.describe(token);
  }

  private SourceError errorAt(int token, String reason) {
    return new SourceError(token < 0 ? -1 : tokens.start(token), reason);
  }
}
