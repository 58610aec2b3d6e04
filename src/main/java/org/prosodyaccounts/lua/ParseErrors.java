package org.prosodyaccounts.lua;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.luaj.vm2.parser.LuaParser;
import org.luaj.vm2.parser.LuaParserConstants;
import org.luaj.vm2.parser.ParseException;
import org.luaj.vm2.parser.Token;

/** Turns LuaJ's parse errors into plain messages at a token of the {@link TokenList}. */
final class ParseErrors {

  private static final int MAX_EXPECTED_LISTED = 4;

  private ParseErrors() {}

  static SourceError describe(
      ParseException error, LuaParser parser, TokenList tokens, boolean list) {
    if (error.currentToken == null) {
      // LuaJ's own checks ("expected function call", "expected variable") carry no token.
      int last = tokenIndex(parser.token, tokens);
      return at(
          tokens,
          last,
          "syntax error near "
              + describe(tokens, last)
              + ": a statement must be a function call or an assignment");
    }

    int bad = tokenIndex(error.currentToken.next, tokens);
    Set<Integer> expected = expectedKinds(error);
    boolean endAllowed = expected.contains(LuaParserConstants.EOF);
    boolean statementAllowed = expected.contains(LuaParserConstants.RETURN);
    String near = describe(tokens, bad);

    if (endAllowed && !statementAllowed) {
      return at(
          tokens,
          bad,
          "unexpected " + near + " after the return statement, which must end the file");
    }
    if (endAllowed) {
      String form =
          list
              ? "a list file contains only item(...) statements"
              : "a data file is 'return' followed by one value";
      return at(tokens, bad, "unexpected " + near + "; " + form);
    }
    if (bad >= 0 && tokens.kind(bad) == TokenList.EOF) {
      return at(tokens, bad, "unexpected end of file" + unclosedBracket(tokens));
    }
    return at(tokens, bad, "unexpected " + near + expectedSuffix(expected));
  }

  private static int tokenIndex(Token token, TokenList tokens) {
    if (token == null) {
      return -1;
    }
    if (token.kind == LuaParserConstants.EOF) {
      return tokens.size() - 1;
    }
    return SkeletonReader.tokenAtLine(tokens, token.beginLine);
  }

  private static Set<Integer> expectedKinds(ParseException error) {
    Set<Integer> kinds = new LinkedHashSet<>();
    if (error.expectedTokenSequences != null) {
      for (int[] sequence : error.expectedTokenSequences) {
        if (sequence.length > 0) {
          kinds.add(sequence[0]);
        }
      }
    }
    return kinds;
  }

  private static String expectedSuffix(Set<Integer> expected) {
    Set<String> names = new LinkedHashSet<>();
    for (int kind : expected) {
      names.add(kindName(kind));
    }
    if (names.isEmpty() || names.size() > MAX_EXPECTED_LISTED) {
      return "";
    }
    List<String> list = new ArrayList<>(names);
    String last = list.remove(list.size() - 1);
    return "; expected " + (list.isEmpty() ? last : String.join(", ", list) + " or " + last);
  }

  private static String kindName(int kind) {
    switch (kind) {
      case LuaParserConstants.EOF:
        return "end of file";
      case LuaParserConstants.NAME:
        return "a name";
      case LuaParserConstants.NUMBER:
        return "a number";
      case LuaParserConstants.STRING:
      case LuaParserConstants.CHARSTRING:
      case LuaParserConstants.LONGSTRING0:
      case LuaParserConstants.LONGSTRING1:
      case LuaParserConstants.LONGSTRING2:
      case LuaParserConstants.LONGSTRING3:
      case LuaParserConstants.LONGSTRINGN:
        return "a string";
      default:
        String image = LuaParserConstants.tokenImage[kind];
        return image.startsWith("\"") ? "'" + image.substring(1, image.length() - 1) + "'" : image;
    }
  }

  /** Returns a note on the innermost bracket left open at the end of the file, if any. */
  private static String unclosedBracket(TokenList tokens) {
    List<Integer> open = new ArrayList<>();
    for (int k = 0; k < tokens.size(); k++) {
      if (tokens.is(k, "{") || tokens.is(k, "(") || tokens.is(k, "[")) {
        open.add(k);
      } else if ((tokens.is(k, "}") || tokens.is(k, ")") || tokens.is(k, "]")) && !open.isEmpty()) {
        open.remove(open.size() - 1);
      }
    }
    if (open.isEmpty()) {
      return "";
    }
    int bracket = open.get(open.size() - 1);
    SourcePosition position = SourcePosition.of(tokens.source(), tokens.start(bracket));
    return "; the "
        + tokens.describe(bracket)
        + " at line "
        + position.line()
        + ", column "
        + position.column()
        + " is not closed";
  }

  private static String describe(TokenList tokens, int index) {
    return index < 0 ? "(unknown token)" : tokens.describe(index);
  }

  private static SourceError at(TokenList tokens, int index, String reason) {
    return new SourceError(index < 0 ? -1 : tokens.start(index), reason);
  }
}
