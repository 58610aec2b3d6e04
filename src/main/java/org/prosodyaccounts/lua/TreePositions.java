package org.prosodyaccounts.lua;

import java.util.List;
import org.luaj.vm2.ast.Exp;
import org.luaj.vm2.ast.SyntaxElement;
import org.luaj.vm2.ast.TableConstructor;
import org.luaj.vm2.ast.TableField;

/**
 * Finds the tokens where nodes of LuaJ's syntax tree start and end, as indexes into the {@link
 * TokenList}, or -1 when a node has none.
 *
 * <p>LuaJ 3.0.1 sets a node's end line from the last token it consumed, which is exact. Its begin
 * line, though, comes from the lexer's most recent token, which is often the token before the node
 * after a lookahead. So the first token is derived from the structure: a unary operator is right
 * before its operand, a binary operator right after its left operand, an opening parenthesis right
 * before the inner expression. Nodes that LuaJ creates while it rebalances operator precedence have
 * no position at all, so the end is derived the same way.
 */
final class TreePositions {

  private final TokenList tokens;

  TreePositions(TokenList tokens) {
    this.tokens = tokens;
  }

  /** Returns the index of the last token of {@code element}. */
  int lastToken(SyntaxElement element) {
    if (element.endLine > 0) {
      return valid(element.endLine - 1);
    }
    if (element instanceof Exp.BinopExp) {
      return lastToken(((Exp.BinopExp) element).rhs);
    }
    if (element instanceof Exp.UnopExp) {
      return lastToken(((Exp.UnopExp) element).rhs);
    }
    return -1;
  }

  /** Returns the index of the first token of {@code expression}. */
  int firstToken(Exp expression) {
    if (expression instanceof Exp.ParensExp) {
      return previous(firstToken(((Exp.ParensExp) expression).exp));
    }
    if (expression instanceof Exp.FuncCall) {
      return firstToken(((Exp.FuncCall) expression).lhs);
    }
    if (expression instanceof Exp.FieldExp) {
      return firstToken(((Exp.FieldExp) expression).lhs);
    }
    if (expression instanceof Exp.IndexExp) {
      return firstToken(((Exp.IndexExp) expression).lhs);
    }
    if (expression instanceof Exp.BinopExp) {
      return firstToken(((Exp.BinopExp) expression).lhs);
    }
    if (expression instanceof Exp.UnopExp) {
      return previous(firstToken(((Exp.UnopExp) expression).rhs));
    }
    if (expression instanceof TableConstructor) {
      return firstToken((TableConstructor) expression);
    }
    if (expression instanceof Exp.AnonFuncDef) {
      return keywordToken(expression, "function");
    }
    return lastToken(expression); // a single token: constant, name or '...'
  }

  private int firstToken(TableConstructor table) {
    List<?> fields = table.fields;
    if (fields == null || fields.isEmpty()) {
      return previous(lastToken(table));
    }
    TableField field = (TableField) fields.get(0);
    int fieldStart;
    if (field.index != null) {
      fieldStart = previous(firstToken(field.index));
    } else if (field.name != null) {
      fieldStart = previous(previous(firstToken(field.rhs)));
    } else {
      fieldStart = firstToken(field.rhs);
    }
    return previous(fieldStart);
  }

  /** Returns the index of the operator token of a binary operation. */
  int operatorToken(Exp.BinopExp operation) {
    int lhsEnd = lastToken(operation.lhs);
    return lhsEnd < 0 ? -1 : valid(lhsEnd + 1);
  }

  /** Returns the index of the operator token of a unary operation. */
  int unaryOperatorToken(Exp.UnopExp operation) {
    return previous(firstToken(operation.rhs));
  }

  /**
   * Returns the index of {@code keyword} at the start of {@code element}: the token on its begin
   * line or one of its neighbours, since the begin line may be one token early.
   */
  int keywordToken(SyntaxElement element, String keyword) {
    int guess = element.beginLine - 1;
    for (int candidate : new int[] {guess, guess + 1, guess - 1}) {
      if (valid(candidate) >= 0 && tokens.is(candidate, keyword)) {
        return candidate;
      }
    }
    return valid(guess);
  }

  /** Returns the token on the begin line of {@code element}, which may be one token early. */
  int beginToken(SyntaxElement element) {
    return valid(element.beginLine - 1);
  }

  private int previous(int index) {
    return index <= 0 ? -1 : index - 1;
  }

  private int valid(int index) {
    return index >= 0 && index < tokens.size() ? index : -1;
  }
}
